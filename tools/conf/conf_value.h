/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The per-map settings of mpath2.conf (struct config_settings): their
 * keywords, their values' checks, and one level of them (defaults, a
 * device or a multipath) with a note of which were given, so that
 * levels merge as multipath's do.
 */
#ifndef MPATH2CTL_CONF_VALUE_H
#define MPATH2CTL_CONF_VALUE_H

#include <stdbool.h>
#include <stddef.h>

#include "conf/config.h"

enum conf_key {
	KEY_POLLING_INTERVAL,
	KEY_MAX_POLLING_INTERVAL,
	KEY_CHECKER_TIMEOUT,
	KEY_PATH_SELECTOR,
	KEY_GROUPING,
	KEY_CHECKER,
	KEY_FAILBACK,
	KEY_NO_PATH_RETRY,
	KEY_FRIENDLY_NAMES,
	KEY_HWHANDLER,
	KEY_HOLD_FAILURES,
	KEY_HOLD_WINDOW,
	KEY_HOLD_SECS,
	KEY_FIND_MULTIPATHS,
	KEY_FIND_TIMEOUT,
	KEY_RESERVATION_KEY,
	KEY_QUEUE_WITHOUT_DAEMON,
	KEY_NR
};

struct conf_level {
	struct config_settings s;
	unsigned int given;	/* 1u << KEY_* for each keyword given */
	int line[KEY_NR];	/* where */
	/*
	 * A map setting whose value mpath2 cannot honour: its bit, and
	 * "file:line: reason" (malloc'ed). A map it applies to is refused
	 * unless a level above gives the key a good value.
	 */
	unsigned int bad;
	char *why[KEY_NR];
};

/* The built-in defaults (config.h lists them). */
void conf_value_builtin(struct config_settings *s);

/* @word's key, or -1 if it is not a settings keyword. */
int conf_value_key(const char *word);
const char *conf_value_name(enum conf_key key);
/*
 * polling_interval and max_polling_interval (one checker loop),
 * find_multipaths and its timeout (one claim per disk), queue_without_daemon
 * (the daemon's exit): defaults{} only.
 */
bool conf_value_defaults_only(enum conf_key key);

/*
 * Whether a bad value of @key would make a wrong map (selector,
 * grouping, failback, no_path_retry, hardware handler, hold_down): the
 * maps it applies to are then refused. The others (the checker's pace,
 * path_checker, names, find_multipaths) warn and keep the level below.
 */
bool conf_value_map_key(enum conf_key key);

/* Mark @key bad in @lv at @line, for "@name:@line: @why"; -1 without memory. */
int conf_value_refuse(struct conf_level *lv, enum conf_key key, int line,
		      const char *name, const char *why);

/* The why[] strings of @lv. */
void conf_value_level_free(struct conf_level *lv);

/*
 * @key's value in @s as mpath2.conf writes it ("\"round-robin 0\"", "5"):
 * 0, or 1 if it has none to write (no reservation_key).
 */
int conf_value_format(enum conf_key key, const struct config_settings *s,
		      char *buf, size_t len);

/* Check @value and set it in @lv; 0, or -1 with a reason in @err. */
int conf_value_set(struct conf_level *lv, enum conf_key key, const char *value,
		int line, char *err, size_t errlen);

/*
 * At the end of a section: the hold_down keywords go together. 0, or -1
 * with the offending line in *@line and a reason in @err.
 */
int conf_value_check(const struct conf_level *lv, int *line, char *err,
		  size_t errlen);

/*
 * Copy what @src gives over @dst; a key @src has bad marks @dst's
 * refused_keys, a key it gives clears it.
 */
void conf_value_merge(struct config_settings *dst, const struct conf_level *src);

#endif
