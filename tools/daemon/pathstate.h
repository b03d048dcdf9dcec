/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the daemon does about a path after a check, and when it checks
 * it next. Pure functions, after multipathd's check_path():
 *
 *   checker says     kernel has it   action
 *   down, no answer  active          fail_path
 *   disconnected     active          fail_path
 *   up, ghost        failed          reinstate_path, once its WWID was
 *                                    read again and is the map's
 *   pending, retry   either          nothing: ask again next time
 *
 * The kernel's hold_down decides whether a reinstated flapping path
 * really comes back; the daemon only reports what it sees.
 */
#ifndef MPATH2CTL_PATHSTATE_H
#define MPATH2CTL_PATHSTATE_H

#include "checkers/tur.h"

enum pathstate_action {
	PS_NONE,
	PS_FAIL,		/* send fail_path */
	PS_REINSTATE,		/* send reinstate_path */
	PS_WWID_CHANGED,	/* would reinstate, but another LUN answers */
	PS_WWID_UNREAD,		/* would reinstate, but its WWID is unknown */
};

/*
 * @kstate: the kernel's 'A' or 'F' for the path; @st: the checker's
 * answer; @wwid_read: its WWID was read again; @wwid_same: and it is
 * the expected one.
 */
enum pathstate_action pathstate_decide(char kstate, enum tur_state st, int wwid_read,
			 int wwid_same);

/* Whether the checker's answer means the path can carry I/O. */
int pathstate_usable(enum tur_state st);

/*
 * The next check interval in seconds: @poll again after any change of
 * the checker's answer or the kernel's state, or while the path is not
 * healthy; doubled, up to @max, while it stays healthy (usable and
 * active in the kernel).
 */
int pathstate_next_interval(int cur, int changed, int healthy, int poll, int max);

#endif
