/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Friendly map names: the bindings file, one "alias wwid" per line
 * ('#' starts a comment), as multipath's /etc/multipath/bindings. An
 * alias, once given to a WWID, stays its alias in every later run:
 * new ones are appended, never rewritten. New aliases are mpath<N>, N
 * the smallest number not taken (from 0).
 */
#ifndef MPATH2CTL_BINDINGS_H
#define MPATH2CTL_BINDINGS_H

#include <stddef.h>

#define BINDINGS_FILE	"/etc/mpath2/bindings"
#define BINDINGS_PREFIX	"mpath"

struct binding {
	char *alias, *wwid;
};

struct bindings {
	struct binding *b;
	size_t nr;
};

/*
 * Parse @text. A line that is not two words, an alias that is no valid
 * map name, a WWID vpd.h would not print, or an alias or WWID bound
 * twice is refused: guessing could rename a map. 0, or -1 with "line N:
 * reason" in @err. bindings_free() is safe on @bs either way.
 */
int bindings_parse(const char *text, struct bindings *bs, char *err,
		   size_t errlen);
/* The same from file @path; a missing file is no bindings. */
int bindings_load(const char *path, struct bindings *bs, char *err,
		  size_t errlen);
void bindings_free(struct bindings *bs);

/* @wwid's alias, or NULL. */
const char *bindings_lookup(const struct bindings *bs, const char *wwid);

/* Bind @wwid to a new mpath<N> in @bs; its alias, or NULL on ENOMEM. */
const char *bindings_add(struct bindings *bs, const char *wwid);

/*
 * Append "alias wwid" to @path (made with its directory if need be),
 * under an exclusive flock of the file: read again there, a binding
 * another command made since @path was loaded is seen, and a line that
 * would bind the alias or the WWID twice is refused (-1, "run again");
 * the same line already there is not written twice (0).
 */
int bindings_append(const char *path, const char *alias, const char *wwid,
		    char *err, size_t errlen);

#endif
