// SPDX-License-Identifier: GPL-2.0-only
/* A path's ALUA priority and serial number (see prio.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alua.h"
#include "table/prio.h"
#include "lib/serial.h"
#include "lib/scsi_io.h"
#include "lib/vpd.h"
#include "lib/wwid.h"

#define INQ_LEN		96	/* standard INQUIRY: byte 5 is all we need */
#define RTPG_LEN	4096	/* 511 groups of one port; more: asked again */
#define RTPG_MAX	(1024 * 1024)

void prio_devnode(const char *dir, unsigned int major, unsigned int minor,
		  char *node, size_t len)
{
	char real[PATH_MAX];
	const char *base;

	if (dir && realpath(dir, real)) {
		base = strrchr(real, '/');
		base = base ? base + 1 : real;
		if (base[0] && !strchr(base, ':')) {
			snprintf(node, len, "/dev/%s", base);
			return;
		}
	}
	snprintf(node, len, "/dev/block/%u:%u", major, minor);
}

/*
 * <@dir>/device/@name into @buf: the bytes read, -2 if sysfs has no such
 * file (or @dir is NULL), -1 with a reason in @err.
 */
static long read_sysfs(const char *dir, const char *name, unsigned char *buf,
		       size_t len, char *err, size_t errlen)
{
	char path[PATH_MAX];
	size_t n;
	FILE *f;
	int r;

	if (!dir)
		return -2;
	r = snprintf(path, sizeof(path), "%s/device/%s", dir, name);
	if (r < 0 || (size_t)r >= sizeof(path)) {
		snprintf(err, errlen, "sysfs path too long");
		return -1;
	}
	f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return errno == ENOENT ? -2 : -1;
	}
	n = fread(buf, 1, len, f);
	r = ferror(f);
	fclose(f);
	if (r) {
		snprintf(err, errlen, "%s: read error", path);
		return -1;
	}
	return (long)n;
}

typedef long (*sg_fn)(const char *, unsigned char *, size_t, char *, size_t);

/* sysfs's copy of a page, else the device's answer. */
static long read_page(const char *dir, const char *name, sg_fn sg,
		      const char *devnode, unsigned char *buf, size_t len,
		      char *err, size_t errlen)
{
	long n = read_sysfs(dir, name, buf, len, err, errlen);

	return n == -2 ? sg(devnode, buf, len, err, errlen) : n;
}

/* The AAS of target port group @tpg from RTPG; -1 with a reason. */
static int rtpg_state(const char *devnode, unsigned int tpg, char *why,
		      size_t whylen)
{
	size_t len = RTPG_LEN, want;
	unsigned char *buf = NULL, *grown;
	long n;
	int aas = -1, tries;

	for (tries = 0; tries < 2; tries++) {
		grown = realloc(buf, len);
		if (!grown) {
			snprintf(why, whylen, "out of memory");
			break;
		}
		buf = grown;
		n = scsi_io_read_rtpg(devnode, buf, len, why, whylen);
		if (n < 0)
			break;
		want = alua_rtpg_claimed(buf, (size_t)n);
		/* Asked for too little: once more with what it needs. */
		if ((size_t)n == len && want > len && want <= RTPG_MAX &&
		    !tries) {
			len = want;
			continue;
		}
		aas = alua_rtpg_state(buf, (size_t)n, tpg, why, whylen);
		break;
	}
	free(buf);
	return aas;
}

int prio_path(const char *dir, const char *devnode, const char **state,
	      char *why, size_t whylen)
{
	unsigned char *buf;
	long n, tpg;
	int tpgs, aas = -1;

	if (state)
		*state = "unknown";
	buf = malloc(VPD_PAGE_MAX);
	if (!buf) {
		snprintf(why, whylen, "out of memory");
		return PRIO_UNDEF;
	}
	n = read_page(dir, "inquiry", scsi_io_read_inquiry, devnode, buf, INQ_LEN,
		      why, whylen);
	tpgs = n < 0 ? -1 : alua_tpgs(buf, (size_t)n, why, whylen);
	if (!tpgs) {
		free(buf);
		if (state)
			*state = "none";
		return 0;	/* no ALUA: every path alike */
	}
	if (tpgs > 0) {
		n = read_page(dir, "vpd_pg83", scsi_io_read_vpd83, devnode, buf,
			      VPD_PAGE_MAX, why, whylen);
		tpg = n < 0 ? -1 : alua_vpd83_tpg(buf, (size_t)n, why, whylen);
		if (tpg >= 0)
			aas = rtpg_state(devnode, (unsigned int)tpg, why,
					 whylen);
	}
	free(buf);
	if (aas < 0)
		return PRIO_UNDEF;
	if (state)
		*state = alua_state_name(aas);
	return alua_prio(aas);
}

int prio_serial(const char *dir, const char *devnode, char *serial,
		size_t len, char *err, size_t errlen)
{
	unsigned char *buf = malloc(VPD_PAGE_MAX);
	long n;
	int r;

	if (!buf) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	n = read_page(dir, "vpd_pg80", scsi_io_read_vpd80, devnode, buf,
		      VPD_PAGE_MAX, err, errlen);
	r = n < 0 ? -1 : serial_vpd80(buf, (size_t)n, serial, len, err, errlen);
	free(buf);
	return r;
}
