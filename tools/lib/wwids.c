// SPDX-License-Identifier: GPL-2.0-only
/* The wwids file (see wwids.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/common.h"
#include "lib/lockedfile.h"
#include "lib/validate.h"
#include "lib/vpd.h"
#include "lib/wwids.h"

#define MAX_FILE	(4 << 20)	/* 4 MiB: ~60,000 NAA WWIDs */
#define HEADER		"# mpath2: the WWIDs of the LUNs kept as mpath2 maps" \
			" (wwids.h).\n# Kept by mpath2ctl discover, create" \
			" and remove; edit with care.\n"

void wwids_free(struct wwids *ws)
{
	size_t i;

	for (i = 0; i < ws->nr; i++)
		free(ws->w[i]);
	free(ws->w);
	ws->w = NULL;
	ws->nr = 0;
}

int wwids_has(const struct wwids *ws, const char *wwid)
{
	size_t i;

	for (i = 0; i < ws->nr; i++)
		if (!strcmp(ws->w[i], wwid))
			return 1;
	return 0;
}

static int add(struct wwids *ws, const char *wwid)
{
	char **grown;

	if (wwids_has(ws, wwid))
		return 0;
	grown = realloc(ws->w, (ws->nr + 1) * sizeof(*grown));
	if (!grown)
		return -1;
	ws->w = grown;
	grown[ws->nr] = strdup(wwid);
	if (!grown[ws->nr])
		return -1;
	ws->nr++;
	return 0;
}

int wwids_parse(const char *text, struct wwids *ws, char *err, size_t errlen)
{
	char *copy, *line, *next, *hash, *w, *extra, *save, q[48];
	const char *sep = " \t\r";
	unsigned int nr = 0;
	int r = 0;

	ws->w = NULL;
	ws->nr = 0;
	copy = strdup(text);
	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (line = copy; line && !r; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		nr++;
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		w = strtok_r(line, sep, &save);
		if (!w)
			continue;
		extra = strtok_r(NULL, sep, &save);
		if (extra) {
			snprintf(err, errlen, "line %u: more than one word", nr);
			r = -1;
		} else if (!vpd_valid_wwid(w)) {
			snprintf(err, errlen, "line %u: '%s' is not a WWID", nr,
				 validate_printable(w, q, sizeof(q)));
			r = -1;
		} else if (add(ws, w)) {
			snprintf(err, errlen, "out of memory");
			r = -1;
		}
	}
	free(copy);
	if (r)
		wwids_free(ws);
	return r;
}

/* All of @fd (at most MAX_FILE) into a string; NULL with @err. */
static char *read_all(int fd, const char *path, char *err, size_t errlen)
{
	char *text = malloc(MAX_FILE + 1);
	size_t n = 0;
	ssize_t got;

	if (!text) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	while (n <= MAX_FILE) {
		got = read(fd, text + n, MAX_FILE + 1 - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	if (got < 0 || n > MAX_FILE || memchr(text, '\0', n)) {
		snprintf(err, errlen, "%s: %s", path, got < 0 ? strerror(errno) :
			 n > MAX_FILE ? "larger than 4 MiB" : "not a text file");
		free(text);
		return NULL;
	}
	text[n] = '\0';
	return text;
}

/* Parse open file @fd as @path. */
static int load_fd(int fd, const char *path, struct wwids *ws, char *err,
		   size_t errlen)
{
	char why[ERRLEN], *text;
	int r;

	ws->w = NULL;
	ws->nr = 0;
	text = read_all(fd, path, err, errlen);
	if (!text)
		return -1;
	r = wwids_parse(text, ws, why, sizeof(why));
	if (r)
		snprintf(err, errlen, "%s: %s", path, why);
	free(text);
	return r;
}

int wwids_load(const char *path, struct wwids *ws, char *err, size_t errlen)
{
	int fd, r;

	ws->w = NULL;
	ws->nr = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	r = load_fd(fd, path, ws, err, errlen);
	close(fd);
	return r;
}

/* @arg (a struct wwids) as the file's lines. */
static void put_wwids(FILE *f, const void *arg)
{
	const struct wwids *ws = arg;
	size_t i;

	fputs(HEADER, f);
	for (i = 0; i < ws->nr; i++)
		fprintf(f, "%s\n", ws->w[i]);
}

static int update(const char *path, const char *wwid, int adding, char *err,
		  size_t errlen)
{
	struct wwids ws;
	char q[48];
	size_t i;
	int fd, r;

	if (!vpd_valid_wwid(wwid)) {
		snprintf(err, errlen, "'%s' is not a WWID",
			 validate_printable(wwid, q, sizeof(q)));
		return -1;
	}
	/* Nothing to take out of a file that is not there: leave it so. */
	if (!adding && access(path, F_OK) && errno == ENOENT)
		return 0;
	fd = lockedfile_open(path, 0644, err, errlen);
	if (fd < 0)
		return -1;
	if (load_fd(fd, path, &ws, err, errlen)) {
		close(fd);
		return -1;
	}
	r = wwids_has(&ws, wwid) == adding ? 0 : 1;
	if (r && adding && add(&ws, wwid)) {
		snprintf(err, errlen, "out of memory");
		r = -1;
	}
	for (i = 0; r == 1 && !adding && i < ws.nr; i++) {
		if (strcmp(ws.w[i], wwid))
			continue;
		free(ws.w[i]);
		/* The others keep their order: an admin reads this file. */
		memmove(&ws.w[i], &ws.w[i + 1], (ws.nr - i - 1) * sizeof(*ws.w));
		ws.nr--;
		break;
	}
	if (r == 1 &&
	    lockedfile_replace(path, 0644, put_wwids, &ws, err, errlen))
		r = -1;
	wwids_free(&ws);
	close(fd);	/* and the lock with it */
	return r;
}

int wwids_add(const char *path, const char *wwid, char *err, size_t errlen)
{
	return update(path, wwid, 1, err, errlen);
}

int wwids_remove(const char *path, const char *wwid, char *err,
		 size_t errlen)
{
	return update(path, wwid, 0, err, errlen);
}
