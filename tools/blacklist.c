// SPDX-License-Identifier: GPL-2.0-only
/*
 * Regex matching for mpath2.conf (see blacklist.h). glibc's regcomp()
 * takes time and memory in proportion to the expanded pattern, so a
 * regex is refused beyond BL_REGEX_MAX bytes or when its repetition
 * bounds multiply past BL_REPEAT_MAX: "a{1000}{1000}" would be a
 * million states.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blacklist.h"
#include "validate.h"

/* The product of every "{m}" / "{m,n}" bound in @s, capped. */
static unsigned long repeat_product(const char *s)
{
	unsigned long product = 1, bound;
	const char *p;

	for (p = s; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p != '{')
			continue;
		bound = 0;
		for (p++; *p && *p != '}'; p++) {
			if (*p >= '0' && *p <= '9') {
				if (bound < 100000)
					bound = bound * 10 + (unsigned long)(*p - '0');
			} else if (*p == ',') {
				bound = 0;	/* the upper bound counts */
			}
		}
		if (bound > 1)
			product *= bound;
		if (product > BL_REPEAT_MAX)
			return product;
		if (!*p)
			break;
	}
	return product;
}

int bl_regex_compile(struct bl_regex *r, const char *text, char *err,
		     size_t errlen)
{
	char q[48], why[128];
	int rc;

	r->text = NULL;
	if (strlen(text) > BL_REGEX_MAX) {
		snprintf(err, errlen, "regex longer than %d bytes", BL_REGEX_MAX);
		return -1;
	}
	if (repeat_product(text) > BL_REPEAT_MAX) {
		snprintf(err, errlen, "regex '%s': repetition counts multiply past"
			 " %d", printable(text, q, sizeof(q)), BL_REPEAT_MAX);
		return -1;
	}
	rc = regcomp(&r->re, text, REG_EXTENDED | REG_NOSUB);
	if (rc) {
		regerror(rc, &r->re, why, sizeof(why));
		regfree(&r->re);
		snprintf(err, errlen, "regex '%s': %s",
			 printable(text, q, sizeof(q)), why);
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

bool bl_regex_match(const struct bl_regex *r, const char *s)
{
	if (!r->text)
		return true;
	return s && regexec(&r->re, s, 0, NULL, 0) == 0;
}

void bl_regex_free(struct bl_regex *r)
{
	if (r->text) {
		regfree(&r->re);
		free(r->text);
		r->text = NULL;
	}
}

static void entry_free(struct bl_entry *e)
{
	bl_regex_free(&e->a);
	bl_regex_free(&e->b);
}

int bl_add(struct blacklist *bl, struct bl_entry *e)
{
	struct bl_entry *grown;

	grown = realloc(bl->e, (bl->nr + 1) * sizeof(*grown));
	if (!grown) {
		entry_free(e);
		return -1;
	}
	bl->e = grown;
	bl->e[bl->nr++] = *e;
	return 0;
}

static bool entry_matches(const struct bl_entry *e, const char *devnode,
			  const char *wwid, const char *vendor,
			  const char *product)
{
	switch (e->kind) {
	case BL_DEVNODE:
		return devnode && bl_regex_match(&e->a, devnode);
	case BL_WWID:
		return wwid && bl_regex_match(&e->a, wwid);
	case BL_DEVICE:
		/* An unset half matches anything, even an unknown value. */
		return bl_regex_match(&e->a, vendor) &&
		       bl_regex_match(&e->b, product);
	default:
		return false;
	}
}

const struct bl_entry *bl_match(const struct blacklist *bl, enum bl_kind kind,
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

void bl_describe(const struct bl_entry *e, char *buf, size_t len)
{
	char qa[48], qb[48];

	if (e->kind == BL_DEVICE)
		snprintf(buf, len, "device vendor \"%s\" product \"%s\" (line %d)",
			 e->a.text ? printable(e->a.text, qa, sizeof(qa)) : ".*",
			 e->b.text ? printable(e->b.text, qb, sizeof(qb)) : ".*",
			 e->line);
	else
		snprintf(buf, len, "%s \"%s\" (line %d)",
			 e->kind == BL_DEVNODE ? "devnode" : "wwid",
			 e->a.text ? printable(e->a.text, qa, sizeof(qa)) : "",
			 e->line);
}

void bl_free(struct blacklist *bl)
{
	size_t i;

	for (i = 0; i < bl->nr; i++)
		entry_free(&bl->e[i]);
	free(bl->e);
	bl->e = NULL;
	bl->nr = 0;
}
