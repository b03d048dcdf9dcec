// SPDX-License-Identifier: GPL-2.0-only
/*
 * Parse an mpath2 / dm-multipath TABLE or INFO string (see status.h).
 *
 * The string is copied once and split into words in place; the result's
 * pointers all point into that copy, so status_free() is four free()s and a
 * loop. Parsing walks the words with a cursor that refuses to step past
 * the last one, so a lying count can only produce an error.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table/status.h"

struct cursor {
	char **words;
	size_t nr;		/* number of words */
	size_t pos;		/* index of the next word to take */
	char *err;
	size_t errlen;
};

static size_t left(const struct cursor *c)
{
	return c->nr - c->pos;
}

/* Record why the word at the cursor is not @what. Always returns -1. */
static int fail(struct cursor *c, const char *what)
{
	if (c->pos < c->nr)
		snprintf(c->err, c->errlen, "word %zu: expected %s, got '%.32s'",
			 c->pos + 1, what, c->words[c->pos]);
	else
		snprintf(c->err, c->errlen,
			 "truncated after word %zu: expected %s", c->nr, what);
	return -1;
}

/* Digits only, no sign, value <= @max; @len bytes of @s. */
static int parse_digits(const char *s, size_t len, unsigned int max,
			unsigned int *val)
{
	unsigned long long v = 0;
	size_t i;

	if (!len)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned int)(s[i] - '0');
		if (v > max)	/* v <= UINT_MAX here, so v * 10 cannot wrap */
			return -1;
	}
	*val = (unsigned int)v;
	return 0;
}

int status_parse_uint(const char *s, unsigned int max, unsigned int *val)
{
	if (!s)
		return -1;
	return parse_digits(s, strlen(s), max, val);
}

int status_parse_devnum(const char *s, unsigned int *major, unsigned int *minor)
{
	const char *colon = s ? strchr(s, ':') : NULL;

	if (!colon)
		return -1;
	if (parse_digits(s, (size_t)(colon - s), STATUS_MAX_MAJOR, major))
		return -1;
	return status_parse_uint(colon + 1, STATUS_MAX_MINOR, minor);
}

/* A selector or handler name: a letter, then letters, digits, '-', '_'. */
static int is_name(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

static int take_uint(struct cursor *c, const char *what, unsigned int min,
		     unsigned int max, unsigned int *val)
{
	if (!left(c) || status_parse_uint(c->words[c->pos], max, val) || *val < min)
		return fail(c, what);
	c->pos++;
	return 0;
}

/* "<n> [word]...": a count within @max, then that many words. */
static int take_list(struct cursor *c, const char *what, unsigned int max,
		     unsigned int *n, char ***list)
{
	if (take_uint(c, what, 0, max, n))
		return -1;
	if (*n > left(c)) {
		snprintf(c->err, c->errlen,
			 "word %zu: count %u exceeds the %zu words left",
			 c->pos, *n, left(c));
		return -1;
	}
	*list = &c->words[c->pos];	/* words[] ends with NULL: valid for n == 0 */
	c->pos += *n;
	return 0;
}

/* One word that is a single letter out of @set. */
static int take_letter(struct cursor *c, const char *what, const char *set,
		       char *letter)
{
	const char *w = left(c) ? c->words[c->pos] : NULL;

	if (!w || !w[0] || w[1] || !strchr(set, w[0]))
		return fail(c, what);
	*letter = w[0];
	c->pos++;
	return 0;
}

static int parse_path(struct cursor *c, enum status_kind kind,
		      struct status_group *g, struct status_path *p)
{
	if (status_parse_devnum(c->words[c->pos], &p->major, &p->minor))
		return fail(c, "a path major:minor");
	c->pos++;
	if (kind == MP_INFO) {
		if (take_letter(c, "a path state A or F", "AF", &p->state) ||
		    take_uint(c, "a fail count", 0, UINT_MAX, &p->fail_count))
			return -1;
	}
	/* The caller checked that the words are there. */
	p->args = &c->words[c->pos];
	c->pos += g->nr_path_args;
	return 0;
}

static int parse_group(struct cursor *c, enum status_kind kind, struct status_group *g)
{
	size_t per_path;
	unsigned int i;

	if (kind == MP_TABLE) {
		if (!left(c) || !is_name(c->words[c->pos]))
			return fail(c, "a selector name");
		g->selector = c->words[c->pos++];
	} else if (take_letter(c, "a group state A, E or D", "AED", &g->state)) {
		return -1;
	}
	if (take_list(c, "a selector arg count", STATUS_MAX_COUNT, &g->nr_ps_args,
		      &g->ps_args) ||
	    take_uint(c, "a path count 1..1024", 1, STATUS_MAX_COUNT, &g->nr_paths) ||
	    take_uint(c, "a per-path arg count", 0, STATUS_MAX_COUNT,
		      &g->nr_path_args))
		return -1;

	/* Every path needs its fixed words plus its args: check them all now. */
	per_path = (kind == MP_INFO ? 3 : 1) + (size_t)g->nr_path_args;
	if (g->nr_paths * per_path > left(c)) {
		snprintf(c->err, c->errlen,
			 "word %zu: %u paths of %zu words exceed the %zu words left",
			 c->pos, g->nr_paths, per_path, left(c));
		return -1;
	}
	g->paths = calloc(g->nr_paths, sizeof(*g->paths));
	if (!g->paths) {
		snprintf(c->err, c->errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < g->nr_paths; i++)
		if (parse_path(c, kind, g, &g->paths[i]))
			return -1;
	return 0;
}

static int parse_header(struct cursor *c, enum status_kind kind, struct status_map *m)
{
	if (kind == MP_TABLE) {
		if (take_list(c, "a feature count 0..8", STATUS_MAX_FEATURES,
			      &m->nr_features, &m->features))
			return -1;
	} else {
		if (take_uint(c, "a feature count 2", 2, 2, &m->nr_features))
			return -1;
		m->features = &c->words[c->pos];
		if (take_uint(c, "queue_io 0 or 1", 0, 1, &m->queue_io) ||
		    take_uint(c, "a pg_init count", 0, UINT_MAX, &m->pg_init_count))
			return -1;
	}
	if (take_list(c, "a hardware handler arg count", STATUS_MAX_COUNT,
		      &m->nr_hw_args, &m->hw_args))
		return -1;
	if (kind == MP_TABLE && m->nr_hw_args && !is_name(m->hw_args[0])) {
		c->pos -= m->nr_hw_args;
		return fail(c, "a hardware handler name");
	}
	if (take_uint(c, "a group count 0..1024", 0, STATUS_MAX_COUNT, &m->nr_groups))
		return -1;
	return take_uint(c, "a current group number", m->nr_groups ? 1 : 0,
			 m->nr_groups, &m->current_group);
}

/* Copy @s and split it into NULL-terminated words[]. */
static int split(const char *s, struct status_map *m, struct cursor *c)
{
	size_t i, n = 0, len = strlen(s);
	char *p, *save;

	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == ' ' || ch == '\t' || ch == '\n')
			continue;
		if (ch < 0x21 || ch > 0x7e) {
			snprintf(c->err, c->errlen,
				 "byte %zu: unexpected character 0x%02x", i, ch);
			return -1;
		}
		if (i == 0 || strchr(" \t\n", s[i - 1]))
			n++;
	}
	if (!n) {
		snprintf(c->err, c->errlen, "empty string");
		return -1;
	}
	m->buf = strdup(s);
	m->words = calloc(n + 1, sizeof(*m->words));
	if (!m->buf || !m->words) {
		snprintf(c->err, c->errlen, "out of memory");
		return -1;
	}
	c->words = m->words;
	for (p = strtok_r(m->buf, " \t\n", &save); p;
	     p = strtok_r(NULL, " \t\n", &save))
		c->words[c->nr++] = p;
	return 0;
}

int status_parse(enum status_kind kind, const char *s, struct status_map *m,
	     char *err, size_t errlen)
{
	struct cursor c = { .err = err, .errlen = errlen };
	unsigned int g, active = 0;

	memset(m, 0, sizeof(*m));
	m->kind = kind;
	if (!s) {
		snprintf(err, errlen, "no string");
		return -1;
	}
	if (split(s, m, &c) || parse_header(&c, kind, m))
		goto bad;
	m->groups = calloc(m->nr_groups ? m->nr_groups : 1, sizeof(*m->groups));
	if (!m->groups) {
		snprintf(err, errlen, "out of memory");
		goto bad;
	}
	for (g = 0; g < m->nr_groups; g++) {
		if (parse_group(&c, kind, &m->groups[g]))
			goto bad;
		active += m->groups[g].state == 'A';
	}
	if (active > 1) {
		snprintf(err, errlen, "%u groups are active, at most 1 can be", active);
		goto bad;
	}
	if (left(&c)) {
		snprintf(err, errlen, "word %zu: trailing garbage '%.32s'",
			 c.pos + 1, c.words[c.pos]);
		goto bad;
	}
	return 0;
bad:
	status_free(m);
	m->kind = kind;
	return -1;
}

void status_free(struct status_map *m)
{
	unsigned int g;

	if (m->groups)
		for (g = 0; g < m->nr_groups; g++)
			free(m->groups[g].paths);
	free(m->groups);
	free(m->words);
	free(m->buf);
	memset(m, 0, sizeof(*m));
}

int status_match(const struct status_map *table, const struct status_map *info,
	     char *err, size_t errlen)
{
	unsigned int g, p;

	if (table->nr_groups != info->nr_groups)
		goto differ;
	for (g = 0; g < table->nr_groups; g++) {
		const struct status_group *tg = &table->groups[g];
		const struct status_group *ig = &info->groups[g];

		if (tg->nr_paths != ig->nr_paths)
			goto differ;
		for (p = 0; p < tg->nr_paths; p++)
			if (tg->paths[p].major != ig->paths[p].major ||
			    tg->paths[p].minor != ig->paths[p].minor)
				goto differ;
	}
	return 0;
differ:
	snprintf(err, errlen, "table and status disagree (map reloaded meanwhile?)");
	return -1;
}

unsigned int status_find_path(const struct status_map *m, unsigned int major,
			  unsigned int minor)
{
	unsigned int g, p;

	for (g = 0; g < m->nr_groups; g++)
		for (p = 0; p < m->groups[g].nr_paths; p++)
			if (m->groups[g].paths[p].major == major &&
			    m->groups[g].paths[p].minor == minor)
				return g + 1;
	return 0;
}
