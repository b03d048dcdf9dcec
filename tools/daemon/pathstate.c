// SPDX-License-Identifier: GPL-2.0-only
/* The daemon's decisions about one path (see pathstate.h). */
#include "daemon/pathstate.h"

int pathstate_usable(enum tur_state st)
{
	return st == TUR_UP || st == TUR_GHOST;
}

enum pathstate_action pathstate_decide(char kstate, enum tur_state st, int wwid_read,
			 int wwid_same)
{
	switch (st) {
	case TUR_DOWN:
	case TUR_DISCONNECTED:
		return kstate == 'A' ? PS_FAIL : PS_NONE;
	case TUR_UP:
	case TUR_GHOST:
		if (kstate != 'F')
			return PS_NONE;
		if (!wwid_read)
			return PS_WWID_UNREAD;
		return wwid_same ? PS_REINSTATE : PS_WWID_CHANGED;
	default:		/* pending, retry: no news */
		return PS_NONE;
	}
}

int pathstate_next_interval(int cur, int changed, int healthy, int poll, int max)
{
	if (max < poll)
		max = poll;
	if (changed || !healthy || cur < poll)
		return poll;
	return cur > max / 2 ? max : cur * 2;
}
