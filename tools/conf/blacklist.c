// SPDX-License-Identifier: GPL-2.0-only
/*
 * Regex matching for mpath2.conf (see blacklist.h). glibc's regcomp()
 * takes time and memory in proportion to the expanded pattern, so a
 * regex is refused beyond BLACKLIST_REGEX_MAX bytes or when it would expand
 * past BLACKLIST_COST_MAX states: "a{1000}{1000}" would be a million, and
 * "c++++...+" (found by the fuzzer) doubles with every '+'.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/blacklist.h"
#include "lib/validate.h"

/* "{m}", "{m,}" or "{m,n}" at @p: the larger bound (at least 1), and
 * *@end past it; 0 if it is not a bound (then '{' is a plain char). */
static unsigned long bound(const char *p, const char **end)
{
	unsigned long n = 0, max = 0;
	const char *q;

	for (q = p + 1; *q && *q != '}'; q++) {
		if (*q >= '0' && *q <= '9') {
			if (n < BLACKLIST_COST_MAX)
				n = n * 10 + (unsigned long)(*q - '0');
		} else if (*q == ',') {
			max = n;
			n = 0;
		} else {
			return 0;
		}
	}
	if (!*q)
		return 0;
	*end = q + 1;
	return n > max ? (n ? n : 1) : (max ? max : 1);
}

static unsigned long capped(unsigned long x)
{
	return x > BLACKLIST_COST_MAX ? BLACKLIST_COST_MAX + 1 : x;
}

/* Past a bracket expression at @p ('['): "[]a]", "[^]a]", "[[:digit:]]". */
static const char *skip_bracket(const char *p)
{
	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	for (; *p && *p != ']'; p++)
		if (*p == '[' && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
			const char *close = strchr(p + 2, ']');

			if (!close)
				return p + strlen(p);
			p = close;
		}
	return *p ? p + 1 : p;
}

/*
 * Roughly the size glibc's regcomp() expands a regex to: each atom counts
 * 1, alternatives and sequences add up, and a repetition multiplies what
 * it repeats: '+' by 2 (it becomes "aa*"), "{m,n}" by n, '*' and '?' by
 * 2 too (their loops multiply regcomp's epsilon closures when nested).
 * So "((a+)+)+..." or "((a{50}){50})" cost what they would cost regcomp.
 * Capped at BLACKLIST_COST_MAX + 1.
 */
static unsigned long cost_seq(const char **pp, int depth)
{
	unsigned long total = 0, atom, n;
	const char *p = *pp, *end;

	while (*p && *p != ')') {
		if (*p == '|') {
			p++;
			continue;
		}
		if (*p == '(' && depth < BLACKLIST_REGEX_MAX) {
			p++;
			atom = cost_seq(&p, depth + 1) + 1;
			if (*p == ')')
				p++;
		} else if (*p == '[') {
			p = skip_bracket(p);
			atom = 1;
		} else {
			p += (*p == '\\' && p[1]) ? 2 : 1;
			atom = 1;
		}
		for (;;) {
			if (*p == '+' || *p == '*' || *p == '?') {
				atom = capped(atom * 2);
				p++;
			} else if (*p == '{' && (n = bound(p, &end))) {
				atom = capped(atom * n);
				p = end;
			} else {
				break;
			}
		}
		total = capped(total + atom);
	}
	*pp = p;
	return total;
}

/* Whether @p starts a repetition: '+', '*', '?' or a "{m,n}" bound. */
static bool repetition(const char *p)
{
	const char *end;

	return *p == '+' || *p == '*' || *p == '?' || (*p == '{' && bound(p, &end));
}

/*
 * What glibc would take but mpath2 refuses, as NULL or a reason: two
 * repetitions in a row ("a**", "a+{2}": undefined in POSIX, and
 * explosive in regcomp) and back-references (not ERE, and exponential
 * to match).
 */
static const char *regex_refused(const char *s)
{
	const char *p = s, *end;

	while (*p) {
		if (*p == '[') {
			p = skip_bracket(p);
			continue;
		}
		if (*p == '\\' && p[1] >= '1' && p[1] <= '9')
			return "back-references are not supported";
		if (*p == '\\' && p[1]) {
			p += 2;
			continue;
		}
		if (repetition(p) && p > s) {
			end = p + 1;
			if (*p == '{')
				bound(p, &end);
			if (repetition(end))
				return "two repetitions in a row";
			p = end;
			continue;
		}
		p++;
	}
	return NULL;
}

/* The whole regex; an unbalanced ')' just ends a sequence. */
static unsigned long regex_cost(const char *s)
{
	unsigned long total = 0;

	while (*s) {
		total = capped(total + cost_seq(&s, 0));
		if (*s == ')')
			s++;
	}
	return total;
}

int blacklist_regex_compile(struct blacklist_regex *r, const char *text, char *err,
		     size_t errlen)
{
	char q[48], why[128];
	int rc;

	r->text = NULL;
	if (strlen(text) > BLACKLIST_REGEX_MAX) {
		snprintf(err, errlen, "regex longer than %d bytes", BLACKLIST_REGEX_MAX);
		return -1;
	}
	if (regex_refused(text)) {
		snprintf(err, errlen, "regex '%s': %s",
			 validate_printable(text, q, sizeof(q)), regex_refused(text));
		return -1;
	}
	if (regex_cost(text) > BLACKLIST_COST_MAX) {
		snprintf(err, errlen, "regex '%s': its repetitions expand past %d"
			 " states", validate_printable(text, q, sizeof(q)), BLACKLIST_COST_MAX);
		return -1;
	}
	rc = regcomp(&r->re, text, REG_EXTENDED | REG_NOSUB);
	if (rc) {
		regerror(rc, &r->re, why, sizeof(why));
		regfree(&r->re);
		snprintf(err, errlen, "regex '%s': %s",
			 validate_printable(text, q, sizeof(q)), why);
		return -1;
	}
	r->text = strdup(text);
	if (!r->text) {
		regfree(&r->re);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

bool blacklist_regex_match(const struct blacklist_regex *r, const char *s)
{
	if (!r->text)
		return true;
	return s && regexec(&r->re, s, 0, NULL, 0) == 0;
}

void blacklist_regex_free(struct blacklist_regex *r)
{
	if (r->text) {
		regfree(&r->re);
		free(r->text);
		r->text = NULL;
	}
}

static void entry_free(struct blacklist_entry *e)
{
	blacklist_regex_free(&e->a);
	blacklist_regex_free(&e->b);
}

int blacklist_add(struct blacklist *bl, struct blacklist_entry *e)
{
	struct blacklist_entry *grown;

	grown = realloc(bl->e, (bl->nr + 1) * sizeof(*grown));
	if (!grown) {
		entry_free(e);
		return -1;
	}
	bl->e = grown;
	bl->e[bl->nr++] = *e;
	return 0;
}

static bool entry_matches(const struct blacklist_entry *e, const char *devnode,
			  const char *wwid, const char *vendor,
			  const char *product)
{
	switch (e->kind) {
	case BL_DEVNODE:
		return devnode && blacklist_regex_match(&e->a, devnode);
	case BL_WWID:
		return wwid && blacklist_regex_match(&e->a, wwid);
	case BL_DEVICE:
		/* An unset half matches anything, even an unknown value. */
		return blacklist_regex_match(&e->a, vendor) &&
		       blacklist_regex_match(&e->b, product);
	default:
		return false;
	}
}

const struct blacklist_entry *blacklist_match(const struct blacklist *bl, enum blacklist_kind kind,
				const char *devnode, const char *wwid,
				const char *vendor, const char *product)
{
	size_t i;

	for (i = 0; i < bl->nr; i++)
		if (bl->e[i].kind == kind &&
		    entry_matches(&bl->e[i], devnode, wwid, vendor, product))
			return &bl->e[i];
	return NULL;
}

void blacklist_describe(const struct blacklist_entry *e, char *buf, size_t len)
{
	char qa[48], qb[48];

	if (e->kind == BL_DEVICE)
		snprintf(buf, len, "device vendor \"%s\" product \"%s\" (line %d)",
			 e->a.text ? validate_printable(e->a.text, qa, sizeof(qa)) : ".*",
			 e->b.text ? validate_printable(e->b.text, qb, sizeof(qb)) : ".*",
			 e->line);
	else
		snprintf(buf, len, "%s \"%s\" (line %d)",
			 e->kind == BL_DEVNODE ? "devnode" : "wwid",
			 e->a.text ? validate_printable(e->a.text, qa, sizeof(qa)) : "",
			 e->line);
}

void blacklist_free(struct blacklist *bl)
{
	size_t i;

	for (i = 0; i < bl->nr; i++)
		entry_free(&bl->e[i]);
	free(bl->e);
	bl->e = NULL;
	bl->nr = 0;
}
