// SPDX-License-Identifier: GPL-2.0-only
/*
 * The grammar of mpath2.conf (multipath.conf's), over conf_token.c's tokens:
 *   file      := { NAME '{' EOL { statement } '}' }
 *   statement := KEYWORD VALUE EOL | NAME '{' ... '}'
 * A value must be on its keyword's line; '}' may follow it there. What a
 * statement means is the section's (conf_section.c); errors and warnings are
 * "file:line: ..." lines.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "conf/conf_parse.h"
#include "lib/validate.h"

int conf_parse_error(struct conf_parser *p, int line, const char *fmt, ...)
{
	va_list ap;

	if (!p->err)
		return -1;
	fprintf(p->err, "%s:%d: ", p->name, line);
	va_start(ap, fmt);
	vfprintf(p->err, fmt, ap);
	va_end(ap);
	fputc('\n', p->err);
	return -1;
}

void conf_parse_warn(struct conf_parser *p, int line, const char *fmt, ...)
{
	va_list ap;

	if (!p->err)
		return;
	fprintf(p->err, "%s:%d: warning: ", p->name, line);
	va_start(ap, fmt);
	vfprintf(p->err, fmt, ap);
	va_end(ap);
	fputc('\n', p->err);
}

/* Step to the next token; -1 after reporting a lexical error. */
static int next(struct conf_parser *p)
{
	char why[CONF_ERRLEN];

	p->kind = conf_token_next(&p->tok, why, sizeof(why));
	if (p->kind == TOK_ERROR)
		return conf_parse_error(p, p->tok.line, "%s", why);
	return 0;
}

/* Past the rest of the line (to its end, or a '}' the caller reads). */
static int skip_line(struct conf_parser *p)
{
	while (p->kind != TOK_EOL && p->kind != TOK_EOF &&
	       p->kind != TOK_CLOSE)
		if (next(p))
			return -1;
	return 0;
}

static int skip_keyword(struct conf_parser *p, void *ctx, const char *kw,
			const char *value, int line)
{
	(void)p;
	(void)ctx;
	(void)kw;
	(void)value;
	(void)line;
	return 0;
}

static const struct conf_section_ops skip_ops;

static int skip_subsection(struct conf_parser *p, void *ctx, const char *name,
			   int line)
{
	return conf_parse_body(p, name, line, &skip_ops, ctx);
}

static const struct conf_section_ops skip_ops = {
	.keyword = skip_keyword, .subsection = skip_subsection,
};

int conf_parse_skip(struct conf_parser *p, const char *section, int open_line)
{
	return conf_parse_body(p, section, open_line, &skip_ops, NULL);
}

/*
 * KEYWORD @kw's VALUE, the current token, to the end of the line.
 * Several words are read as one value with single blanks, as the admin
 * meant "path_selector service-time 0", with a warning to quote it.
 */
static int keyword_value(struct conf_parser *p, const struct conf_section_ops *ops,
			 void *ctx, const char *kw, int line)
{
	char value[CONF_TOKEN_MAX + 1], b1[48], b2[48];
	size_t len, add;
	int joined = 0;

	memcpy(value, p->tok.text, sizeof(value));
	if (next(p))
		return -1;
	while (p->kind == TOK_WORD || p->kind == TOK_STRING) {
		len = strlen(value);
		add = strlen(p->tok.text);
		if (len + 1 + add > CONF_TOKEN_MAX) {
			conf_parse_warn(p, line, "'%s': value longer than %d"
					" bytes, ignored",
					validate_printable(kw, b1, sizeof(b1)),
					CONF_TOKEN_MAX);
			return skip_line(p);
		}
		value[len] = ' ';
		memcpy(value + len + 1, p->tok.text, add + 1);
		joined = 1;
		if (next(p))
			return -1;
	}
	if (p->kind == TOK_OPEN)
		return conf_parse_error(p, line, "'%s %s' followed by '{'",
				  validate_printable(kw, b1, sizeof(b1)),
				  validate_printable(value, b2, sizeof(b2)));
	if (joined)
		conf_parse_warn(p, line, "'%s': several words, read as '%s' (quote"
				" a value with blanks)",
				validate_printable(kw, b1, sizeof(b1)),
				validate_printable(value, b2, sizeof(b2)));
	return ops->keyword(p, ctx, kw, value, line);
}

/* After a KEYWORD: its value, or the '{' of a subsection. */
static int statement(struct conf_parser *p, const char *section,
		     const struct conf_section_ops *ops, void *ctx)
{
	char kw[CONF_TOKEN_MAX + 1], b[48];
	int line = p->tok.line;

	memcpy(kw, p->tok.text, sizeof(kw));
	if (next(p))
		return -1;
	if (p->kind == TOK_OPEN) {
		if (!ops->subsection) {
			conf_parse_warn(p, line, "unknown section '%s' in %s,"
					" ignored", validate_printable(kw, b,
					sizeof(b)), section);
			return conf_parse_skip(p, kw, line);
		}
		return ops->subsection(p, ctx, kw, line);
	}
	if (p->kind != TOK_WORD && p->kind != TOK_STRING) {
		conf_parse_warn(p, line, "'%s' has no value, ignored",
				validate_printable(kw, b, sizeof(b)));
		return 0;
	}
	return keyword_value(p, ops, ctx, kw, line);
}

int conf_parse_body(struct conf_parser *p, const char *section, int open_line,
	      const struct conf_section_ops *ops, void *ctx)
{
	if (next(p))
		return -1;
	for (;;) {
		switch (p->kind) {
		case TOK_EOL:
			if (next(p))
				return -1;
			continue;
		case TOK_EOF:
			return conf_parse_error(p, open_line, "section %s has no closing"
					  " '}'", section);
		case TOK_CLOSE:
			if (ops->close && ops->close(p, ctx, p->tok.line))
				return -1;
			return next(p);
		case TOK_WORD:
			if (statement(p, section, ops, ctx))
				return -1;
			continue;
		case TOK_OPEN:
			conf_parse_warn(p, p->tok.line, "'{' without a section name,"
					" its section ignored");
			if (conf_parse_skip(p, "a section without a name",
					    p->tok.line))
				return -1;
			continue;
		default:
			conf_parse_warn(p, p->tok.line, "a quoted string where a"
					" keyword belongs, the line ignored");
			if (skip_line(p))
				return -1;
			continue;
		}
	}
}

int conf_parse_file(struct conf_parser *p)
{
	char name[CONF_TOKEN_MAX + 1], b[48];
	int line;

	if (next(p))
		return -1;
	for (;;) {
		if (p->kind == TOK_EOF)
			return 0;
		if (p->kind == TOK_EOL) {
			if (next(p))
				return -1;
			continue;
		}
		if (p->kind == TOK_CLOSE)
			return conf_parse_error(p, p->tok.line, "'}' without a section");
		if (p->kind != TOK_WORD)
			return conf_parse_error(p, p->tok.line, "a section name expected");
		memcpy(name, p->tok.text, sizeof(name));
		line = p->tok.line;
		if (next(p))
			return -1;
		if (p->kind != TOK_OPEN)
			return conf_parse_error(p, line, "'%s' outside any section (a"
					  " section's '{' goes on its line)",
					  validate_printable(name, b, sizeof(b)));
		if (conf_section(p, name, line))
			return -1;
	}
}
