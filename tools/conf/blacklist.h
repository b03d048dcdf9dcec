/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Regexes as multipath.conf uses them (POSIX extended, not anchored),
 * and the blacklist / blacklist_exceptions lists built from them.
 *
 * A disk is blacklisted when, in one category (devnode, device, wwid,
 * checked in that order as multipath does), some blacklist entry matches
 * it and no blacklist_exceptions entry of the same category does.
 */
#ifndef MPATH2CTL_BLACKLIST_H
#define MPATH2CTL_BLACKLIST_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#define BLACKLIST_REGEX_MAX	256	/* longest regex, in bytes */
#define BLACKLIST_COST_MAX	2048	/* states its repetitions expand to */

struct blacklist_regex {
	char *text;		/* NULL: not given, matches anything */
	regex_t re;
};

/* Compile @text; 0, or -1 with a reason in @err (and @r left empty). */
int blacklist_regex_compile(struct blacklist_regex *r, const char *text, char *err,
		     size_t errlen);
/* Whether @s matches; a NULL @s matches only an unset regex. */
bool blacklist_regex_match(const struct blacklist_regex *r, const char *s);
void blacklist_regex_free(struct blacklist_regex *r);

enum blacklist_kind { BL_DEVNODE, BL_DEVICE, BL_WWID, BL_NR_KINDS };

struct blacklist_entry {
	enum blacklist_kind kind;
	struct blacklist_regex a;	/* devnode, wwid, or the device's vendor */
	struct blacklist_regex b;	/* the device's product */
	int line;
};

struct blacklist {
	struct blacklist_entry *e;
	size_t nr;
};

/* Append @e, taking its regexes; -1 without memory (@e is freed). */
int blacklist_add(struct blacklist *bl, struct blacklist_entry *e);

/* The first entry of @kind matching the disk, or NULL. */
const struct blacklist_entry *blacklist_match(const struct blacklist *bl, enum blacklist_kind kind,
				const char *devnode, const char *wwid,
				const char *vendor, const char *product);

/* "devnode \"^sda$\" (line 3)", for -v. */
void blacklist_describe(const struct blacklist_entry *e, char *buf, size_t len);

void blacklist_free(struct blacklist *bl);

#endif
