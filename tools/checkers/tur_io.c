// SPDX-License-Identifier: GPL-2.0-only
/* TEST UNIT READY through SG_IO (see tur_io.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <scsi/sg.h>

#include "checkers/tur_io.h"

#define TUR_TRIES	3	/* a UNIT ATTENTION is asked again */
#define SENSE_LEN	32
#define DRIVER_TIMEOUT	0x06	/* the kernel's, not in <scsi/sg.h> */
/* Host statuses multipath-tools' tur checker asks again on. */
#define DID_BUS_BUSY			0x02
#define DID_ERROR			0x07
#define DID_TRANSPORT_DISRUPTED		0x0e

/* One TUR on open @fd; TUR_RETRY on UNIT ATTENTION or busy. */
static enum tur_state tur_once(int fd, const char *devnode,
			       unsigned int timeout_ms, char *why,
			       size_t whylen)
{
	unsigned char cdb[6] = { 0 }, sense[SENSE_LEN] = { 0 };
	unsigned int key = 0, asc = 0, ascq = 0;
	struct sg_io_hdr io;
	enum tur_state s;

	memset(&io, 0, sizeof(io));
	io.interface_id = 'S';
	io.dxfer_direction = SG_DXFER_NONE;
	io.cmd_len = sizeof(cdb);
	io.cmdp = cdb;
	io.mx_sb_len = sizeof(sense);
	io.sbp = sense;
	io.timeout = timeout_ms;
	if (ioctl(fd, SG_IO, &io) < 0) {
		snprintf(why, whylen, "%s: SG_IO: %s", devnode, strerror(errno));
		return TUR_DOWN;
	}
	/* No answer from the LUN: the transport gave up, or it timed out. */
	if (io.host_status == DID_BUS_BUSY || io.host_status == DID_ERROR ||
	    io.host_status == DID_TRANSPORT_DISRUPTED) {
		snprintf(why, whylen, "%s: no answer (host status 0x%x)",
			 devnode, io.host_status);
		return TUR_RETRY;	/* the caller says down if it stays so */
	}
	if (io.host_status || (io.driver_status & 0x0f) == DRIVER_TIMEOUT) {
		snprintf(why, whylen, "%s: no answer (host status 0x%x, driver"
			 " status 0x%x)", devnode, io.host_status,
			 io.driver_status);
		return TUR_DOWN;
	}
	if (io.status == SCSI_CHECK_CONDITION &&
	    tur_sense_deferred(sense, io.sb_len_wr)) {
		snprintf(why, whylen, "%s: deferred error (an earlier command's)",
			 devnode);
		return TUR_RETRY;
	}
	if (io.status == SCSI_CHECK_CONDITION &&
	    tur_sense(sense, io.sb_len_wr, &key, &asc, &ascq)) {
		snprintf(why, whylen, "%s: CHECK CONDITION without usable sense",
			 devnode);
		return TUR_DOWN;
	}
	s = tur_classify(io.status, key, asc, ascq);
	snprintf(why, whylen, "%s: status 0x%02x sense %x/%02x/%02x", devnode,
		 io.status, key, asc, ascq);
	return s;
}

int tur_io_open(const char *devnode, char *why, size_t whylen)
{
	int fd = open(devnode, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		snprintf(why, whylen, "%s: %s", devnode, strerror(errno));
	return fd;
}

enum tur_state tur_io_check_fd(int fd, const char *devnode,
			       unsigned int timeout_ms, char *why,
			       size_t whylen)
{
	enum tur_state s = TUR_DOWN;
	int i;

	for (i = 0; i < TUR_TRIES; i++) {
		s = tur_once(fd, devnode, timeout_ms, why, whylen);
		if (s != TUR_RETRY)
			break;
	}
	/* A transport that keeps failing the command: no answer, down. */
	if (s == TUR_RETRY && strstr(why, "no answer"))
		s = TUR_DOWN;
	return s;
}

enum tur_state tur_io_check(const char *devnode, unsigned int timeout_ms,
			    char *why, size_t whylen)
{
	enum tur_state s;
	int fd = tur_io_open(devnode, why, whylen);

	if (fd < 0)
		return TUR_DOWN;
	s = tur_io_check_fd(fd, devnode, timeout_ms, why, whylen);
	close(fd);
	return s;
}
