/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The words of a multipath.conf-style file: bare words, "quoted strings"
 * ("" inside one is a quote), '{', '}', and the ends of lines, which
 * matter: a keyword's value must be on its line. '#' or '!' at the start
 * of a word begins a comment that runs to the end of the line.
 */
#ifndef MPATH2CTL_CONF_TOKEN_H
#define MPATH2CTL_CONF_TOKEN_H

#include <stddef.h>

#define CONF_TOKEN_MAX	1024	/* longest word or string, in bytes */

enum conf_token_kind {
	TOK_ERROR = -1,		/* reason in the error buffer */
	TOK_EOF,
	TOK_EOL,
	TOK_WORD,
	TOK_STRING,
	TOK_OPEN,		/* { */
	TOK_CLOSE,		/* } */
};

struct conf_token {
	const char *p, *end;
	int line;		/* of the token just returned, from 1 */
	int at;			/* the line t->p is on */
	char text[CONF_TOKEN_MAX + 1];	/* a WORD's or STRING's text */
};

void conf_token_init(struct conf_token *t, const char *text, size_t len);

/* The next token; TOK_ERROR with a reason in @err (NUL or control
 * bytes, an unterminated string, a word too long). */
enum conf_token_kind conf_token_next(struct conf_token *t, char *err, size_t errlen);

#endif
