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
#include "lib/lockedfile.h"
#include "lib/pr.h"
#include "lib/prkeys.h"
#include "lib/validate.h"
#include "lib/vpd.h"

#define MAX_LINES	65536
/* Keys are not secrets, but no one else's business. */
#define PRKEYS_MODE	0600
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

/* @arg (a struct prkey_set) as the file's lines. */
static void put_keys(FILE *f, const void *arg)
{
	const struct prkey_set *s = arg;
	size_t i;

	fputs(HEADER, f);
	for (i = 0; i < s->nr; i++)
		fprintf(f, "0x%llx %s\n", (unsigned long long)s->l[i].key,
			s->l[i].wwid);
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
	fd = lockedfile_open(path, PRKEYS_MODE, err, errlen);
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
		r = lockedfile_replace(path, PRKEYS_MODE, put_keys, &s, err,
					  errlen) ? -1 : 1;
	}
	free(s.l);
	close(fd);	/* and the lock with it */
	return r;
}
