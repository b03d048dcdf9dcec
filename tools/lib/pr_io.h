/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PERSISTENT RESERVE IN and OUT through SG_IO on one path device, each
 * with a timeout (pr.h has the CDBs and reads the answers). Kept apart
 * from pr.c so that the tests link tests/fake_pr_io.c and send nothing.
 * Both fill @a (pr_classify()) and return 0 if the command got an answer
 * of any kind, -1 if it could not be sent (a->outcome PR_NOT_SENT).
 */
#ifndef MPATH2CTL_PR_IO_H
#define MPATH2CTL_PR_IO_H

#include <stddef.h>

#include "lib/pr.h"

/* PR OUT @cdb with its 24-byte parameter list @param. */
int pr_io_out(const char *devnode, const unsigned char cdb[PR_CDB_LEN],
	      const unsigned char param[PR_PARAM_LEN], unsigned int timeout_ms,
	      struct pr_answer *a);

/* PR IN @cdb into @buf (zeroed first); a->len: the bytes received. */
int pr_io_in(const char *devnode, const unsigned char cdb[PR_CDB_LEN],
	     unsigned char *buf, size_t len, unsigned int timeout_ms,
	     struct pr_answer *a);

#endif
