/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sending one TEST UNIT READY to a disk through SG_IO and saying what
 * its answer means (tur.h). Blocking: the checker (checker.h) runs it
 * on one of its workers. Only the real binary links this; the
 * tests give the checker a fake instead and never send a command.
 */
#ifndef MPATH2CTL_TUR_IO_H
#define MPATH2CTL_TUR_IO_H

#include <stddef.h>

#include "checkers/tur.h"

/*
 * TUR on @devnode (opened O_RDONLY | O_NONBLOCK) with a @timeout_ms
 * command timeout. UNIT ATTENTION, busy and the transient transport
 * errors multipath-tools retries (DID_BUS_BUSY, DID_ERROR,
 * DID_TRANSPORT_DISRUPTED) are asked again, up to 3 times in all. No
 * answer (open or ioctl failing, a transport error that stays, a
 * timeout) is TUR_DOWN, with the reason in @why.
 */
enum tur_state tur_io_check(const char *devnode, unsigned int timeout_ms,
			    char *why, size_t whylen);

/*
 * The same in two steps, for a device kept open across checks: open
 * (an fd, or -1 with @why), then any number of checks through it.
 */
int tur_io_open(const char *devnode, char *why, size_t whylen);
enum tur_state tur_io_check_fd(int fd, const char *devnode,
			       unsigned int timeout_ms, char *why,
			       size_t whylen);

#endif
