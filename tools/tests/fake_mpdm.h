/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake of mpdm.h for the CLI tests: a few maps in memory, a count of
 * calls (validation failures must make none) and the last message sent.
 */
#ifndef MPATH2CTL_FAKE_MPDM_H
#define MPATH2CTL_FAKE_MPDM_H

extern int fake_dm_calls;	/* every mpdm_* call counts */
extern char fake_dm_sent[256];	/* "<map>: <message>" or "" */
extern int fake_dm_broken;	/* list the map whose table is garbage */

/* All of the above back to 0 / "". */
void fake_dm_reset(void);

#endif
