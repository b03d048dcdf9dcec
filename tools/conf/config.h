/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * /etc/mpath2.conf: the multipath.conf(5) subset that mpath2 understands
 * (see docs/man/mpath2.conf.5). Sections defaults, blacklist,
 * blacklist_exceptions, multipaths { multipath {...} } and
 * devices { device {...} }; quoted strings, '#' and '!' comments.
 *
 * Settings resolve per map as multipath does: a multipaths{} entry whose
 * wwid matches, over the last devices{} entry whose vendor and product
 * regexes match, over defaults{}, over the built-in defaults.
 */
#ifndef MPATH2CTL_CONFIG_H
#define MPATH2CTL_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>

#define CONF_DEFAULT_PATH	"/etc/mpath2.conf"

enum config_grouping { GROUP_FAILOVER, GROUP_MULTIBUS, GROUP_BY_PRIO,
		     GROUP_BY_SERIAL };
enum config_checker { CHECKER_TUR, CHECKER_DIRECTIO };
/* find_multipaths: which disks is-path claims (claim.h) */
enum config_find { FIND_STRICT, FIND_YES, FIND_GREEDY, FIND_SMART };

#define CONF_NO_PATH_RETRY_FAIL	(-1)
#define CONF_NO_PATH_RETRY_QUEUE	(-2)

/*
 * Value ranges (inclusive); docs/man/mpath2.conf.5 lists the same. failback
 * and hold_down are the kernel target's bounds; no_path_retry N becomes
 * no_path_timeout N * polling_interval, which must stay <= 86400 s.
 */
#define CONF_POLL_MIN		1
#define CONF_POLL_MAX		3600
#define CONF_MAX_POLL_MAX	14400	/* and >= polling_interval */
#define CONF_CHECKER_TIMEOUT_MIN 1
#define CONF_CHECKER_TIMEOUT_MAX 600
#define CONF_NO_PATH_TIMEOUT_MAX 86400
#define CONF_RETRY_MAX		CONF_NO_PATH_TIMEOUT_MAX
#define CONF_FAILBACK_MAX	3600
#define CONF_HOLD_FAILURES_MAX	16	/* 0 = off */
#define CONF_HOLD_WINDOW_MAX	3600
#define CONF_HOLD_SECS_MAX	3600
#define CONF_FIND_TIMEOUT_MAX	3600	/* find_multipaths_timeout, >= 1 */

#define CONF_REFUSED_LEN	256

struct config_settings {           /* one level: defaults, a device, or a multipath */
	int polling_interval;        /* s, default 5 */
	int max_polling_interval;    /* s, default 4 * polling_interval */
	int checker_timeout;         /* s, default 30 */
	char path_selector[64];      /* "service-time 0" */
	enum config_grouping grouping; /* default GROUP_FAILOVER */
	enum config_checker checker;   /* default CHECKER_TUR */
	char failback[16];           /* "manual" | "immediate" | "followover" | "<secs>" */
	int no_path_retry;           /* CONF_NO_PATH_RETRY_FAIL (-1), CONF_NO_PATH_RETRY_QUEUE (-2), or N polls */
	bool user_friendly_names;
	char hwhandler[16];          /* "" or "alua" */
	int hold_down_failures, hold_down_window, hold_down_secs; /* 0 = off */
	enum config_find find_multipaths; /* defaults only; default FIND_STRICT */
	int find_multipaths_timeout; /* s, defaults only; default 10 */
	/* defaults only; default false: the daemon's exit fails queued I/O
	 * of the maps with no usable path (daemon/shutdown.h) */
	bool queue_without_daemon;
	uint64_t reservation_key;    /* SCSI-3 PR key, 0: none (the default) */
	bool reservation_key_file;   /* "file": the key is in the prkeys file */
	/*
	 * config_resolve(): "" when a map can be made with these settings,
	 * else why not ("file:line: reason" of the statement mpath2 cannot
	 * honour); table_conf_apply() refuses the map with it.
	 */
	char refused[CONF_REFUSED_LEN];
	unsigned int refused_keys;   /* the keys that are bad (conf_value.h) */
};

struct mpath2_conf;  /* opaque */

/*
 * Parse @path, as multipath-tools does: a statement that cannot be used
 * warns ("file:line: warning: ...") and the rest of the file still
 * counts. Unknown keywords and sections are skipped; a bad value of a
 * setting that paces the checker keeps the level below; a bad value of a
 * map setting refuses the maps it applies to (conf_settings.refused).
 * NULL only when the file's structure is broken (braces, a word where a
 * section belongs: no telling where a section ends), after one
 * "file:line: reason" line on @err. A missing file gives the defaults.
 * @err may be NULL (silence).
 */
struct mpath2_conf *config_load(const char *path, FILE *err);

/*
 * For a file config_load() refused: the built-in defaults, with every
 * map refused for @why. The daemon checks the maps there are with it.
 */
struct mpath2_conf *config_unusable(const char *why);

/* The same, from a buffer; @name stands for the file in messages. */
struct mpath2_conf *config_parse(const char *name, const char *text,
			       size_t len, FILE *err);

/* Built-in defaults only, no blacklist: NULL only without memory. */
struct mpath2_conf *config_default(void);
void config_free(struct mpath2_conf *conf);

const struct config_settings *config_defaults(const struct mpath2_conf *conf);

/* the settings for a path's map: multipaths{} entry by wwid over devices{} by vendor/product over defaults */
void config_resolve(const struct mpath2_conf *conf, const char *wwid,
		  const char *vendor, const char *product,
		  struct config_settings *out);

/* The multipaths{} alias for @wwid: NULL if none. */
const char *config_alias(const struct mpath2_conf *conf, const char *wwid);

/* Whether any level sets user_friendly_names yes (bindings are needed). */
bool config_any_friendly(const struct mpath2_conf *conf);

/*
 * Whether a disk is blacklisted: as multipath, per category (devnode,
 * device, wwid), some blacklist entry of that category matches and no
 * blacklist_exceptions entry of the same category does. Any argument
 * may be NULL (unknown): an entry keyed on it then does not match.
 */
bool config_blacklisted(const struct mpath2_conf *conf, const char *devnode,
		      const char *wwid, const char *vendor,
		      const char *product);

/*
 * As config_blacklisted(), and when it returns true, a short reason in
 * @why ("devnode \"^sda$\"", "wwid ...", "device ACME/.*") for -v.
 */
bool config_blacklist_why(const struct mpath2_conf *conf, const char *devnode,
			const char *wwid, const char *vendor,
			const char *product, char *why, size_t whylen);

#endif
