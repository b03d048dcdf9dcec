/* SPDX-License-Identifier: GPL-2.0-only */
/* What every part of mpath2ctl shares and no one file owns. */
#ifndef MPATH2CTL_COMMON_H
#define MPATH2CTL_COMMON_H

/* The size of a buffer for a one-line reason ("err", "why"). */
#define ERRLEN		256

#endif
