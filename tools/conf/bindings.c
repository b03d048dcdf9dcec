// SPDX-License-Identifier: GPL-2.0-only
/* The bindings file (see bindings.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf/bindings.h"
#include "table/status.h"
#include "lib/validate.h"
#include "lib/vpd.h"

#define MAX_FILE	(1 << 20)	/* far more than 4096 LUNs need */

void bindings_free(struct bindings *bs)
{
	size_t i;

	for (i = 0; i < bs->nr; i++) {
		free(bs->b[i].alias);
		free(bs->b[i].wwid);
	}
	free(bs->b);
	bs->b = NULL;
	bs->nr = 0;
}

static int add(struct bindings *bs, const char *alias, const char *wwid)
{
	struct binding *grown;

	grown = realloc(bs->b, (bs->nr + 1) * sizeof(*grown));
	if (!grown)
		return -1;
	bs->b = grown;
	grown[bs->nr].alias = strdup(alias);
	grown[bs->nr].wwid = strdup(wwid);
	if (!grown[bs->nr].alias || !grown[bs->nr].wwid) {
		free(grown[bs->nr].alias);
		free(grown[bs->nr].wwid);
		return -1;
	}
	bs->nr++;
	return 0;
}

static const char *find_alias(const struct bindings *bs, const char *alias)
{
	size_t i;

	for (i = 0; i < bs->nr; i++)
		if (!strcmp(bs->b[i].alias, alias))
			return bs->b[i].wwid;
	return NULL;
}

const char *bindings_lookup(const struct bindings *bs, const char *wwid)
{
	size_t i;

	for (i = 0; i < bs->nr; i++)
		if (!strcmp(bs->b[i].wwid, wwid))
			return bs->b[i].alias;
	return NULL;
}

/* One line, comment and newline already cut: "", or "alias wwid". */
static int parse_line(struct bindings *bs, char *line, unsigned int nr,
		      char *err, size_t errlen)
{
	const char *sep = " \t\r";
	char *alias, *wwid, *extra, *save, why[128], q[48];

	alias = strtok_r(line, sep, &save);
	if (!alias)
		return 0;
	wwid = strtok_r(NULL, sep, &save);
	extra = wwid ? strtok_r(NULL, sep, &save) : NULL;
	if (!wwid || extra) {
		snprintf(err, errlen, "line %u: not \"alias wwid\"", nr);
		return -1;
	}
	if (validate_map_name(alias, why, sizeof(why))) {
		snprintf(err, errlen, "line %u: %s", nr, why);
		return -1;
	}
	if (!vpd_valid_wwid(wwid)) {
		snprintf(err, errlen, "line %u: '%s' is not a WWID", nr,
			 validate_printable(wwid, q, sizeof(q)));
		return -1;
	}
	if (find_alias(bs, alias) || bindings_lookup(bs, wwid)) {
		snprintf(err, errlen, "line %u: %s '%s' is bound twice", nr,
			 find_alias(bs, alias) ? "alias" : "WWID",
			 validate_printable(find_alias(bs, alias) ? alias : wwid, q,
				   sizeof(q)));
		return -1;
	}
	if (add(bs, alias, wwid)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

int bindings_parse(const char *text, struct bindings *bs, char *err,
		   size_t errlen)
{
	char *copy, *line, *next, *hash;
	unsigned int nr = 0;
	int r = 0;

	bs->b = NULL;
	bs->nr = 0;
	copy = strdup(text);
	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (line = copy; line && !r; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		r = parse_line(bs, line, ++nr, err, errlen);
	}
	free(copy);
	if (r)
		bindings_free(bs);
	return r;
}

int bindings_load(const char *path, struct bindings *bs, char *err,
		  size_t errlen)
{
	char *text, why[256];
	size_t n;
	FILE *f;
	int r;

	bs->b = NULL;
	bs->nr = 0;
	f = fopen(path, "r");
	if (!f && errno == ENOENT)
		return 0;
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	text = malloc(MAX_FILE + 1);
	if (!text) {
		fclose(f);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	n = fread(text, 1, MAX_FILE + 1, f);
	r = ferror(f);
	fclose(f);
	if (r || n > MAX_FILE || memchr(text, '\0', n)) {
		snprintf(err, errlen, "%s: %s", path, r ? "read error" :
			 n > MAX_FILE ? "larger than 1 MiB" : "not a text file");
		free(text);
		return -1;
	}
	text[n] = '\0';
	r = bindings_parse(text, bs, why, sizeof(why));
	if (r)
		snprintf(err, errlen, "%s: %s", path, why);
	free(text);
	return r;
}

const char *bindings_add(struct bindings *bs, const char *wwid)
{
	char alias[32];
	unsigned int n;

	for (n = 0; n < UINT_MAX; n++) {
		snprintf(alias, sizeof(alias), BINDINGS_PREFIX "%u", n);
		if (!find_alias(bs, alias))
			break;
	}
	if (add(bs, alias, wwid))
		return NULL;
	return bs->b[bs->nr - 1].alias;
}

/*
 * Under @fd's lock: the file as it is now, so that a binding another
 * command appended since our load is seen. 0 if @alias @wwid may be
 * appended, 1 if that very line is there, -1 with a reason.
 */
static int recheck(int fd, const char *path, const char *alias,
		   const char *wwid, char *err, size_t errlen)
{
	struct bindings now;
	const char *other;
	char *text, why[256];
	ssize_t n;
	size_t len = 0;
	int r;

	text = malloc(MAX_FILE + 1);
	if (!text) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	while (len <= MAX_FILE &&
	       (n = pread(fd, text + len, MAX_FILE + 1 - len, (off_t)len)) > 0)
		len += (size_t)n;
	text[len > MAX_FILE ? MAX_FILE : len] = '\0';
	if (len > MAX_FILE || memchr(text, '\0', len)) {
		snprintf(err, errlen, "%s: %s", path, len > MAX_FILE ?
			 "larger than 1 MiB" : "not a text file");
		free(text);
		return -1;
	}
	r = bindings_parse(text, &now, why, sizeof(why));
	free(text);
	if (r) {
		snprintf(err, errlen, "%s: %s", path, why);
		return -1;
	}
	other = bindings_lookup(&now, wwid);
	r = other && !strcmp(other, alias) ? 1 : 0;
	if (!r && other) {
		snprintf(err, errlen, "%s: %s was bound to %s meanwhile (another"
			 " command): run again", path, wwid, other);
		r = -1;
	}
	other = r ? NULL : find_alias(&now, alias);
	if (!r && other) {
		snprintf(err, errlen, "%s: %s was bound to %s meanwhile (another"
			 " command): run again", path, alias, other);
		r = -1;
	}
	bindings_free(&now);
	return r;
}

int bindings_append(const char *path, const char *alias, const char *wwid,
		    char *err, size_t errlen)
{
	char dir[PATH_MAX], line[512], *slash;
	int fd, n, r = 0;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST) {
			snprintf(err, errlen, "%s: %s", dir, strerror(errno));
			return -1;
		}
	}
	n = snprintf(line, sizeof(line), "%s %s\n", alias, wwid);
	fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0 || n < 0 || (size_t)n >= sizeof(line)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno ? errno : EIO));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	/* One writer at a time; the lock goes with the close. */
	if (flock(fd, LOCK_EX)) {
		snprintf(err, errlen, "%s: lock: %s", path, strerror(errno));
		r = -1;
	} else {
		r = recheck(fd, path, alias, wwid, err, errlen);
	}
	if (!r && (write(fd, line, (size_t)n) != n || fsync(fd))) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno ? errno : EIO));
		r = -1;
	}
	if (close(fd) && r >= 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		r = -1;
	}
	return r < 0 ? -1 : 0;
}
