// SPDX-License-Identifier: GPL-2.0-only
/*
 * Splitting an mpath2.conf into tokens (see conf_token.h). Every byte is
 * looked at once; nothing is allocated.
 */
#include <stdio.h>
#include <string.h>

#include "conf/conf_token.h"

void conf_token_init(struct conf_token *t, const char *text, size_t len)
{
	t->p = text;
	t->end = text + len;
	t->line = 1;
	t->at = 1;
	t->text[0] = '\0';
}

/* Bytes no text file has: NUL and control characters but tab and CR. */
static int bad_byte(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f;
}

static enum conf_token_kind fail(char *err, size_t errlen, const char *fmt,
			      unsigned int arg)
{
	snprintf(err, errlen, fmt, arg);
	return TOK_ERROR;
}

/* Append @c to the token's text at *@n. */
static int put(struct conf_token *t, size_t *n, char c)
{
	if (*n >= CONF_TOKEN_MAX)
		return -1;
	t->text[(*n)++] = c;
	t->text[*n] = '\0';
	return 0;
}

static enum conf_token_kind quoted(struct conf_token *t, char *err, size_t errlen)
{
	size_t n = 0;

	t->text[0] = '\0';
	for (t->p++; t->p < t->end; t->p++) {
		unsigned char c = (unsigned char)*t->p;

		if (c == '\n')
			break;
		if (bad_byte(c))
			return fail(err, errlen, "control character 0x%02x in a"
				    " string", c);
		if (c == '"') {
			if (t->p + 1 < t->end && t->p[1] == '"') {
				t->p++;		/* "" is one quote */
			} else {
				t->p++;
				return TOK_STRING;
			}
		}
		if (put(t, &n, (char)c))
			return fail(err, errlen, "string longer than %u bytes",
				    CONF_TOKEN_MAX);
	}
	snprintf(err, errlen, "string not closed on its line");
	return TOK_ERROR;
}

static enum conf_token_kind word(struct conf_token *t, char *err, size_t errlen)
{
	size_t n = 0;

	t->text[0] = '\0';
	for (; t->p < t->end; t->p++) {
		unsigned char c = (unsigned char)*t->p;

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		    c == '"' || c == '{' || c == '}')
			break;
		if (bad_byte(c))
			return fail(err, errlen, "control character 0x%02x", c);
		if (put(t, &n, (char)c))
			return fail(err, errlen, "word longer than %u bytes",
				    CONF_TOKEN_MAX);
	}
	return TOK_WORD;
}

enum conf_token_kind conf_token_next(struct conf_token *t, char *err, size_t errlen)
{
	unsigned char c;

	while (t->p < t->end && (*t->p == ' ' || *t->p == '\t' ||
				 *t->p == '\r'))
		t->p++;
	t->line = t->at;
	if (t->p >= t->end)
		return TOK_EOF;
	c = (unsigned char)*t->p;
	if (c == '#' || c == '!') {
		while (t->p < t->end && *t->p != '\n')
			t->p++;
		if (t->p >= t->end)
			return TOK_EOF;
		c = '\n';
	}
	if (c == '\n') {
		t->p++;
		t->at++;
		return TOK_EOL;
	}
	if (c == '{' || c == '}') {
		t->p++;
		return c == '{' ? TOK_OPEN : TOK_CLOSE;
	}
	if (c == '"')
		return quoted(t, err, errlen);
	if (bad_byte(c))
		return fail(err, errlen, "control character 0x%02x", c);
	return word(t, err, errlen);
}
