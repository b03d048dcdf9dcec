// SPDX-License-Identifier: GPL-2.0-only
/* The prkeys file (see prkeys.h). */
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
#include "lib/pr.h"
#include "lib/prkeys.h"
#include "lib/validate.h"
#include "lib/vpd.h"

#define MAX_LINES	65536
#define HEADER		"# mpath2: persistent reservation keys of the LUNs whose" \
			" config says\n# \"reservation_key file\" (prkeys.h)." \
			" Kept by mpath2ctl persist\n# --register and" \
			" --unregister; read by the daemon. Format: KEY WWID\n"

struct prkey_line {
	uint64_t key;
	char wwid[VPD_WWID_LEN];
};

struct prkey_set {
	struct prkey_line *l;
	size_t nr;
};

static int bad_wwid(const char *wwid, char *err, size_t errlen)
{
	char q[48];

	if (wwid && vpd_valid_wwid(wwid) && strlen(wwid) < VPD_WWID_LEN)
		return 0;
	snprintf(err, errlen, "'%s' is not a WWID",
		 validate_printable(wwid ? wwid : "", q, sizeof(q)));
	return 1;
}

/* Every line of @f into @s; -1 with why in @err on a bad line. */
static int load(FILE *f, const char *path, struct prkey_set *s, char *err,
		size_t errlen)
{
	char line[512], k[64], w[VPD_WWID_LEN + 1], more[2], why[ERRLEN];
	struct prkey_line *grown;
	unsigned int no = 0;
	int n;

	s->l = NULL;
	s->nr = 0;
	while (fgets(line, sizeof(line), f)) {
		no++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errlen, "%s: line %u is too long", path, no);
			goto fail;
		}
		n = sscanf(line, " %63s %259s %1s", k, w, more);
		if (n <= 0 || k[0] == '#')
			continue;
		if (n != 2) {
			snprintf(err, errlen, "%s: line %u is not \"KEY WWID\"",
				 path, no);
			goto fail;
		}
		if (pr_key_parse(k, &(uint64_t){ 0 }, why, sizeof(why)) ||
		    bad_wwid(w, why, sizeof(why))) {
			snprintf(err, errlen, "%s: line %u: %s", path, no, why);
			goto fail;
		}
		if (s->nr >= MAX_LINES) {
			snprintf(err, errlen, "%s: more than %d keys", path,
				 MAX_LINES);
			goto fail;
		}
		grown = realloc(s->l, (s->nr + 1) * sizeof(*grown));
		if (!grown) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
		s->l = grown;
		pr_key_parse(k, &s->l[s->nr].key, why, sizeof(why));
		strcpy(s->l[s->nr].wwid, w);	/* fits: bad_wwid() */
		s->nr++;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno ? errno : EIO));
		goto fail;
	}
	return 0;
fail:
	free(s->l);
	s->l = NULL;
	s->nr = 0;
	return -1;
}

int prkeys_get(const char *path, const char *wwid, uint64_t *key, char *err,
	       size_t errlen)
{
	struct prkey_set s;
	size_t i;
	FILE *f;
	int r;

	*key = 0;
	if (bad_wwid(wwid, err, errlen))
		return -1;
	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	r = load(f, path, &s, err, errlen);
	fclose(f);
	if (r)
		return -1;
	for (i = 0; i < s.nr; i++)
		if (!strcmp(s.l[i].wwid, wwid))
			*key = s.l[i].key;	/* the last line wins */
	free(s.l);
	return 0;
}

/* The directory of @path, made if missing. */
static int make_dir(const char *path, char *err, size_t errlen)
{
	char dir[PATH_MAX], *slash;

	if (strlen(path) >= sizeof(dir)) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	strcpy(dir, path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0755) && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Open @path and hold its lock, on the file @path names once locked (a
 * writer before us may have renamed its new file over the one we opened).
 */
static int open_locked(const char *path, char *err, size_t errlen)
{
	struct stat a, b;
	int fd = -1, tries;

	if (make_dir(path, err, errlen))
		return -1;
	for (tries = 0; tries < 100; tries++) {
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0)
			break;
		if (flock(fd, LOCK_EX)) {
			close(fd);
			fd = -1;
			break;
		}
		if (!fstat(fd, &a) && !stat(path, &b) && a.st_dev == b.st_dev &&
		    a.st_ino == b.st_ino)
			return fd;
		close(fd);
		fd = -1;
	}
	snprintf(err, errlen, "%s: %s", path, fd < 0 && errno ? strerror(errno) :
		 "replaced too often while waiting for its lock");
	return -1;
}

/* @s as @path's new content: a file beside it, synced, renamed over. */
static int write_new(const char *path, const struct prkey_set *s, char *err,
		     size_t errlen)
{
	char tmp[PATH_MAX];
	size_t i;
	FILE *f;
	int fd, r;

	r = snprintf(tmp, sizeof(tmp), "%s.new.%ld", path, (long)getpid());
	if (r < 0 || (size_t)r >= sizeof(tmp)) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	/* Keys are not secrets, but no one else's business: 0600. */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	fputs(HEADER, f);
	for (i = 0; i < s->nr; i++)
		fprintf(f, "0x%llx %s\n", (unsigned long long)s->l[i].key,
			s->l[i].wwid);
	r = fflush(f) || ferror(f) || fsync(fileno(f));
	if (fclose(f) || r || rename(tmp, path)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno ? errno : EIO));
		unlink(tmp);
		return -1;
	}
	return 0;
}

int prkeys_set(const char *path, const char *wwid, uint64_t key, char *err,
	       size_t errlen)
{
	struct prkey_set s;
	size_t i, j, had = 0;
	int fd, r, same = 0;
	FILE *f;

	if (bad_wwid(wwid, err, errlen))
		return -1;
	/* Nothing to take out of a file that is not there: leave it so. */
	if (!key && access(path, F_OK) && errno == ENOENT)
		return 0;
	fd = open_locked(path, err, errlen);
	if (fd < 0)
		return -1;
	f = fdopen(dup(fd), "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	r = load(f, path, &s, err, errlen);
	fclose(f);
	if (r) {
		close(fd);
		return -1;
	}
	/* @wwid's lines out (all of them: one is kept, the right one). */
	for (i = j = 0; i < s.nr; i++) {
		if (strcmp(s.l[i].wwid, wwid)) {
			s.l[j++] = s.l[i];
			continue;
		}
		had++;
		same = s.l[i].key == key;
	}
	s.nr = j;
	if ((key && had == 1 && same) || (!key && !had)) {
		r = 0;		/* it says so already */
	} else {
		if (key) {
			struct prkey_line *grown = realloc(s.l, (s.nr + 1) *
							   sizeof(*grown));

			if (!grown) {
				snprintf(err, errlen, "out of memory");
				free(s.l);
				close(fd);
				return -1;
			}
			s.l = grown;
			s.l[s.nr].key = key;
			strcpy(s.l[s.nr].wwid, wwid);	/* fits: bad_wwid() */
			s.nr++;
		}
		r = write_new(path, &s, err, errlen) ? -1 : 1;
	}
	free(s.l);
	close(fd);	/* and the lock with it */
	return r;
}
