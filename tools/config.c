// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2.conf: the parser and the lookups of config.h. The file is read
 * whole, split by conftok.c, and each section checked as it closes;
 * settings keywords are confval.c's, regex lists blacklist.c's.
 *
 * Grammar (multipath.conf's):
 *   file      := { section }
 *   section   := NAME '{' EOL { statement } '}'
 *   statement := KEYWORD VALUE EOL | NAME '{' ... '}'
 * A value must be on its keyword's line; '}' may follow it there.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blacklist.h"
#include "config.h"
#include "confval.h"
#include "conftok.h"
#include "validate.h"
#include "vpd.h"

#define CONF_FILE_MAX	(1 << 20)	/* 1 MiB: far more than any config */
#define ERRLEN		256

struct conf_mpath {
	char *wwid;
	char *alias;		/* NULL if none */
	struct conf_level lv;
	int line;
};

struct conf_device {
	struct bl_regex vendor, product;
	struct conf_level lv;
};

struct mpath2_conf {
	struct conf_level defaults;	/* built-ins, then defaults{} */
	struct conf_mpath *mpaths;
	size_t nr_mpaths;
	struct conf_device *devices;
	size_t nr_devices;
	struct blacklist black, except;
};

struct parser {
	struct conftok tok;
	enum conftok_kind kind;	/* the current token */
	const char *name;	/* the file, for messages */
	FILE *err;
	struct mpath2_conf *conf;
};

/* "file:line: reason" on p->err; returns -1. */
__attribute__((format(printf, 3, 4)))
static int error_at(struct parser *p, int line, const char *fmt, ...)
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

/* "file:line: warning: ..." on p->err. */
__attribute__((format(printf, 3, 4)))
static void warn_at(struct parser *p, int line, const char *fmt, ...)
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
static int next(struct parser *p)
{
	char why[ERRLEN];

	p->kind = conftok_next(&p->tok, why, sizeof(why));
	if (p->kind == TOK_ERROR)
		return error_at(p, p->tok.line, "%s", why);
	return 0;
}

static const char *q(const char *s, char *buf, size_t len)
{
	return printable(s, buf, len);
}

/*
 * A section's body, after its '{': what each statement means is the
 * handler's. keyword() gets KEYWORD VALUE, subsection() a NAME '{' and
 * parses that body itself; close() checks the section at its '}'.
 */
struct section_ops {
	int (*keyword)(struct parser *p, void *ctx, const char *kw,
		       const char *value, int line);
	int (*subsection)(struct parser *p, void *ctx, const char *name,
			  int line);
	int (*close)(struct parser *p, void *ctx, int line);
};

static int parse_body(struct parser *p, const char *section, int open_line,
		      const struct section_ops *ops, void *ctx);

/* After a KEYWORD at @line: its value, then the end of its line. */
static int statement(struct parser *p, const char *section,
		     const struct section_ops *ops, void *ctx)
{
	char kw[CONFTOK_MAX + 1], b1[48], b2[48];
	int line = p->tok.line;

	memcpy(kw, p->tok.text, sizeof(kw));
	if (next(p))
		return -1;
	if (p->kind == TOK_OPEN) {
		if (!ops->subsection)
			return error_at(p, line, "unknown section '%s' in %s",
					q(kw, b1, sizeof(b1)), section);
		return ops->subsection(p, ctx, kw, line);
	}
	if (p->kind != TOK_WORD && p->kind != TOK_STRING)
		return error_at(p, line, "'%s' has no value", q(kw, b1, sizeof(b1)));
	{
		char value[CONFTOK_MAX + 1];

		memcpy(value, p->tok.text, sizeof(value));
		if (next(p))
			return -1;
		if (p->kind == TOK_WORD || p->kind == TOK_STRING ||
		    p->kind == TOK_OPEN)
			return error_at(p, line, "'%s %s': more than one value"
					" (quote a value with blanks)",
					q(kw, b1, sizeof(b1)),
					q(value, b2, sizeof(b2)));
		return ops->keyword(p, ctx, kw, value, line);
	}
}

static int parse_body(struct parser *p, const char *section, int open_line,
		      const struct section_ops *ops, void *ctx)
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
			return error_at(p, open_line, "section %s has no closing"
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
			return error_at(p, p->tok.line, "'{' without a section"
					" name");
		default:
			return error_at(p, p->tok.line, "a quoted string where a"
					" keyword belongs");
		}
	}
}

/* ---- settings levels: defaults{}, device{}, multipath{} ---- */

/* A settings keyword for @lv at @where; unknown ones only warn. */
static int level_keyword(struct parser *p, struct conf_level *lv,
			 const char *where, const char *kw, const char *value,
			 int line)
{
	char why[ERRLEN], b[48];
	int key = confval_key(kw);

	if (key < 0) {
		warn_at(p, line, "unknown keyword '%s' in %s, ignored",
			q(kw, b, sizeof(b)), where);
		return 0;
	}
	if (lv != &p->conf->defaults && confval_defaults_only(key)) {
		warn_at(p, line, "%s belongs in defaults, ignored in %s", kw,
			where);
		return 0;
	}
	if (confval_set(lv, key, value, line, why, sizeof(why)))
		return error_at(p, line, "%s", why);
	return 0;
}

static int level_close(struct parser *p, const struct conf_level *lv)
{
	char why[ERRLEN];
	int line;

	if (confval_check(lv, &line, why, sizeof(why)))
		return error_at(p, line, "%s", why);
	return 0;
}

static int defaults_keyword(struct parser *p, void *ctx, const char *kw,
			    const char *value, int line)
{
	(void)ctx;
	return level_keyword(p, &p->conf->defaults, "defaults", kw, value, line);
}

static int defaults_close(struct parser *p, void *ctx, int line)
{
	(void)ctx;
	(void)line;
	return level_close(p, &p->conf->defaults);
}

static const struct section_ops defaults_ops = {
	.keyword = defaults_keyword, .close = defaults_close,
};

/* ---- devices { device { vendor product settings } } ---- */

static int regex_value(struct parser *p, struct bl_regex *r, const char *kw,
		       const char *value, int line)
{
	char why[ERRLEN];

	if (r->text)
		return error_at(p, line, "%s given twice", kw);
	if (!value[0])
		return error_at(p, line, "%s is empty", kw);
	if (bl_regex_compile(r, value, why, sizeof(why)))
		return error_at(p, line, "%s: %s", kw, why);
	return 0;
}

static int device_keyword(struct parser *p, void *ctx, const char *kw,
			  const char *value, int line)
{
	struct conf_device *d = ctx;

	if (!strcmp(kw, "vendor"))
		return regex_value(p, &d->vendor, kw, value, line);
	if (!strcmp(kw, "product"))
		return regex_value(p, &d->product, kw, value, line);
	return level_keyword(p, &d->lv, "device", kw, value, line);
}

static int device_close(struct parser *p, void *ctx, int line)
{
	struct conf_device *d = ctx;

	if (!d->vendor.text || !d->product.text)
		return error_at(p, line, "device needs vendor and product");
	return level_close(p, &d->lv);
}

static const struct section_ops device_ops = {
	.keyword = device_keyword, .close = device_close,
};

static void device_free(struct conf_device *d)
{
	bl_regex_free(&d->vendor);
	bl_regex_free(&d->product);
}

static int devices_subsection(struct parser *p, void *ctx, const char *name,
			      int line)
{
	struct mpath2_conf *c = p->conf;
	struct conf_device d, *grown;
	char b[48];

	(void)ctx;
	if (strcmp(name, "device"))
		return error_at(p, line, "unknown section '%s' in devices",
				q(name, b, sizeof(b)));
	memset(&d, 0, sizeof(d));
	if (parse_body(p, "device", line, &device_ops, &d)) {
		device_free(&d);
		return -1;
	}
	grown = realloc(c->devices, (c->nr_devices + 1) * sizeof(*grown));
	if (!grown) {
		device_free(&d);
		return error_at(p, line, "out of memory");
	}
	c->devices = grown;
	c->devices[c->nr_devices++] = d;
	return 0;
}

static int unknown_keyword(struct parser *p, void *ctx, const char *kw,
			   const char *value, int line)
{
	char b[48];

	(void)value;
	warn_at(p, line, "unknown keyword '%s' in %s, ignored",
		q(kw, b, sizeof(b)), (const char *)ctx);
	return 0;
}

static const struct section_ops devices_ops = {
	.keyword = unknown_keyword, .subsection = devices_subsection,
};

/* ---- multipaths { multipath { wwid alias settings } } ---- */

static const struct conf_mpath *find_mpath(const struct mpath2_conf *c,
					   const char *wwid, const char *alias)
{
	size_t i;

	for (i = 0; i < c->nr_mpaths; i++)
		if ((wwid && !strcmp(c->mpaths[i].wwid, wwid)) ||
		    (alias && c->mpaths[i].alias &&
		     !strcmp(c->mpaths[i].alias, alias)))
			return &c->mpaths[i];
	return NULL;
}

static int mpath_string(struct parser *p, char **dst, const char *kw,
			const char *value, int line)
{
	if (*dst)
		return error_at(p, line, "%s given twice", kw);
	*dst = strdup(value);
	return *dst ? 0 : error_at(p, line, "out of memory");
}

static int mpath_keyword(struct parser *p, void *ctx, const char *kw,
			 const char *value, int line)
{
	struct conf_mpath *m = ctx;
	char why[ERRLEN], b[48];

	if (!strcmp(kw, "wwid")) {
		if (!valid_wwid(value))
			return error_at(p, line, "wwid '%s': not a WWID as"
					" mpath2ctl wwid prints it",
					q(value, b, sizeof(b)));
		return mpath_string(p, &m->wwid, kw, value, line);
	}
	if (!strcmp(kw, "alias")) {
		if (valid_map_name(value, why, sizeof(why)))
			return error_at(p, line, "alias: %s", why);
		return mpath_string(p, &m->alias, kw, value, line);
	}
	return level_keyword(p, &m->lv, "multipath", kw, value, line);
}

static int mpath_close(struct parser *p, void *ctx, int line)
{
	struct conf_mpath *m = ctx;
	const struct conf_mpath *other;
	char b[48];

	if (!m->wwid)
		return error_at(p, line, "multipath needs a wwid");
	other = find_mpath(p->conf, m->wwid, NULL);
	if (other)
		return error_at(p, m->line, "wwid %s already has a multipath"
				" section (line %d)", m->wwid, other->line);
	other = m->alias ? find_mpath(p->conf, NULL, m->alias) : NULL;
	if (other)
		return error_at(p, m->line, "alias '%s' already names wwid %s"
				" (line %d)", q(m->alias, b, sizeof(b)),
				other->wwid, other->line);
	return level_close(p, &m->lv);
}

static const struct section_ops mpath_ops = {
	.keyword = mpath_keyword, .close = mpath_close,
};

static void mpath_free(struct conf_mpath *m)
{
	free(m->wwid);
	free(m->alias);
}

static int multipaths_subsection(struct parser *p, void *ctx,
				 const char *name, int line)
{
	struct mpath2_conf *c = p->conf;
	struct conf_mpath m, *grown;
	char b[48];

	(void)ctx;
	if (strcmp(name, "multipath"))
		return error_at(p, line, "unknown section '%s' in multipaths",
				q(name, b, sizeof(b)));
	memset(&m, 0, sizeof(m));
	m.line = line;
	if (parse_body(p, "multipath", line, &mpath_ops, &m)) {
		mpath_free(&m);
		return -1;
	}
	grown = realloc(c->mpaths, (c->nr_mpaths + 1) * sizeof(*grown));
	if (!grown) {
		mpath_free(&m);
		return error_at(p, line, "out of memory");
	}
	c->mpaths = grown;
	c->mpaths[c->nr_mpaths++] = m;
	return 0;
}

static const struct section_ops multipaths_ops = {
	.keyword = unknown_keyword, .subsection = multipaths_subsection,
};

/* ---- blacklist, blacklist_exceptions ---- */

static int bl_keyword(struct parser *p, void *ctx, const char *kw,
		      const char *value, int line)
{
	struct blacklist *bl = ctx;
	struct bl_entry e;
	char b[48];

	memset(&e, 0, sizeof(e));
	e.line = line;
	if (!strcmp(kw, "devnode"))
		e.kind = BL_DEVNODE;
	else if (!strcmp(kw, "wwid"))
		e.kind = BL_WWID;
	else {
		warn_at(p, line, "unknown keyword '%s' in %s, ignored",
			q(kw, b, sizeof(b)), bl == &p->conf->black ?
			"blacklist" : "blacklist_exceptions");
		return 0;
	}
	if (regex_value(p, &e.a, kw, value, line))
		return -1;
	return bl_add(bl, &e) ? error_at(p, line, "out of memory") : 0;
}

static int bl_device_keyword(struct parser *p, void *ctx, const char *kw,
			     const char *value, int line)
{
	struct bl_entry *e = ctx;
	char b[48];

	if (!strcmp(kw, "vendor"))
		return regex_value(p, &e->a, kw, value, line);
	if (!strcmp(kw, "product"))
		return regex_value(p, &e->b, kw, value, line);
	warn_at(p, line, "unknown keyword '%s' in a blacklist device, ignored",
		q(kw, b, sizeof(b)));
	return 0;
}

static int bl_device_close(struct parser *p, void *ctx, int line)
{
	struct bl_entry *e = ctx;

	if (!e->a.text && !e->b.text)
		return error_at(p, line, "device needs a vendor or a product");
	return 0;
}

static const struct section_ops bl_device_ops = {
	.keyword = bl_device_keyword, .close = bl_device_close,
};

static int bl_subsection(struct parser *p, void *ctx, const char *name,
			 int line)
{
	struct blacklist *bl = ctx;
	struct bl_entry e;
	char b[48];

	if (strcmp(name, "device"))
		return error_at(p, line, "unknown section '%s' in %s",
				q(name, b, sizeof(b)), bl == &p->conf->black ?
				"blacklist" : "blacklist_exceptions");
	memset(&e, 0, sizeof(e));
	e.kind = BL_DEVICE;
	e.line = line;
	if (parse_body(p, "device", line, &bl_device_ops, &e)) {
		bl_regex_free(&e.a);
		bl_regex_free(&e.b);
		return -1;
	}
	return bl_add(bl, &e) ? error_at(p, line, "out of memory") : 0;
}

static const struct section_ops bl_ops = {
	.keyword = bl_keyword, .subsection = bl_subsection,
};

/* ---- the file ---- */

static int top_section(struct parser *p, const char *name, int line)
{
	struct mpath2_conf *c = p->conf;
	char b[48];

	if (!strcmp(name, "defaults"))
		return parse_body(p, name, line, &defaults_ops, NULL);
	if (!strcmp(name, "blacklist"))
		return parse_body(p, name, line, &bl_ops, &c->black);
	if (!strcmp(name, "blacklist_exceptions"))
		return parse_body(p, name, line, &bl_ops, &c->except);
	if (!strcmp(name, "multipaths"))
		return parse_body(p, name, line, &multipaths_ops,
				  (void *)"multipaths");
	if (!strcmp(name, "devices"))
		return parse_body(p, name, line, &devices_ops, (void *)"devices");
	return error_at(p, line, "unknown section '%s'", q(name, b, sizeof(b)));
}

static int parse_file(struct parser *p)
{
	char name[CONFTOK_MAX + 1], b[48];
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
			return error_at(p, p->tok.line, "'}' without a section");
		if (p->kind != TOK_WORD)
			return error_at(p, p->tok.line, "a section name expected");
		memcpy(name, p->tok.text, sizeof(name));
		line = p->tok.line;
		if (next(p))
			return -1;
		if (p->kind != TOK_OPEN)
			return error_at(p, line, "'%s' outside any section (a"
					" section's '{' goes on its line)",
					q(name, b, sizeof(b)));
		if (top_section(p, name, line))
			return -1;
	}
}

/*
 * What only the whole file can tell: max_polling_interval against
 * polling_interval, and no_path_retry N * polling_interval.
 */
static int check_file(struct parser *p)
{
	struct conf_level *d = &p->conf->defaults;
	int poll = d->s.polling_interval;
	size_t i;

	if (!(d->given & (1u << KEY_MAX_POLLING_INTERVAL)))
		d->s.max_polling_interval = 4 * poll;
	else if (d->s.max_polling_interval < poll)
		return error_at(p, d->line[KEY_MAX_POLLING_INTERVAL],
				"max_polling_interval %d is below"
				" polling_interval %d",
				d->s.max_polling_interval, poll);
	for (i = 0; i <= p->conf->nr_mpaths + p->conf->nr_devices; i++) {
		const struct conf_level *lv = !i ? d :
			i <= p->conf->nr_mpaths ? &p->conf->mpaths[i - 1].lv :
			&p->conf->devices[i - 1 - p->conf->nr_mpaths].lv;

		if ((lv->given & (1u << KEY_NO_PATH_RETRY)) &&
		    lv->s.no_path_retry > 0 &&
		    (long)lv->s.no_path_retry * poll > CONF_NO_PATH_TIMEOUT_MAX)
			return error_at(p, lv->line[KEY_NO_PATH_RETRY],
					"no_path_retry %d polls of %d s is more"
					" than %d s", lv->s.no_path_retry, poll,
					CONF_NO_PATH_TIMEOUT_MAX);
	}
	return 0;
}

struct mpath2_conf *conf_default(void)
{
	struct mpath2_conf *c = calloc(1, sizeof(*c));

	if (c)
		confval_builtin(&c->defaults.s);
	return c;
}

struct mpath2_conf *conf_parse(const char *name, const char *text,
			       size_t len, FILE *err)
{
	struct parser p = { .name = name, .err = err };

	p.conf = conf_default();
	if (!p.conf) {
		error_at(&p, 0, "out of memory");
		return NULL;
	}
	conftok_init(&p.tok, text, len);
	if (parse_file(&p) || check_file(&p)) {
		conf_free(p.conf);
		return NULL;
	}
	return p.conf;
}

/* The file, whole, in a malloc'ed buffer; NULL with errno set. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf;

	if (!f)
		return NULL;
	buf = malloc(CONF_FILE_MAX + 1);
	if (!buf) {
		fclose(f);
		errno = ENOMEM;
		return NULL;
	}
	errno = 0;
	*len = fread(buf, 1, CONF_FILE_MAX + 1, f);
	if (ferror(f)) {
		int e = errno ? errno : EIO;	/* EISDIR for a directory */

		free(buf);
		fclose(f);
		errno = e;
		return NULL;
	}
	fclose(f);
	if (*len > CONF_FILE_MAX) {
		free(buf);
		errno = EFBIG;
		return NULL;
	}
	return buf;
}

struct mpath2_conf *conf_load(const char *path, FILE *err)
{
	struct mpath2_conf *c;
	size_t len = 0;
	char *text;

	text = read_file(path, &len);
	if (!text && errno == ENOENT)
		return conf_default();
	if (!text) {
		if (err)
			fprintf(err, "%s: %s\n", path, errno == EFBIG ?
				"larger than 1 MiB" : strerror(errno));
		return NULL;
	}
	c = conf_parse(path, text, len, err);
	free(text);
	return c;
}

void conf_free(struct mpath2_conf *conf)
{
	size_t i;

	if (!conf)
		return;
	for (i = 0; i < conf->nr_mpaths; i++)
		mpath_free(&conf->mpaths[i]);
	for (i = 0; i < conf->nr_devices; i++)
		device_free(&conf->devices[i]);
	free(conf->mpaths);
	free(conf->devices);
	bl_free(&conf->black);
	bl_free(&conf->except);
	free(conf);
}

const struct conf_settings *conf_defaults(const struct mpath2_conf *conf)
{
	return &conf->defaults.s;
}

void conf_resolve(const struct mpath2_conf *conf, const char *wwid,
		  const char *vendor, const char *product,
		  struct conf_settings *out)
{
	const struct conf_mpath *m;
	size_t i;

	*out = conf->defaults.s;
	/* Every matching device section, later ones over earlier ones. */
	for (i = 0; vendor && product && i < conf->nr_devices; i++)
		if (bl_regex_match(&conf->devices[i].vendor, vendor) &&
		    bl_regex_match(&conf->devices[i].product, product))
			confval_merge(out, &conf->devices[i].lv);
	m = wwid ? find_mpath(conf, wwid, NULL) : NULL;
	if (m)
		confval_merge(out, &m->lv);
}

const char *conf_alias(const struct mpath2_conf *conf, const char *wwid)
{
	const struct conf_mpath *m = wwid ? find_mpath(conf, wwid, NULL) : NULL;

	return m ? m->alias : NULL;
}

bool conf_any_friendly(const struct mpath2_conf *conf)
{
	size_t i;

	if (conf->defaults.s.user_friendly_names)
		return true;
	for (i = 0; i < conf->nr_devices; i++)
		if (conf->devices[i].lv.s.user_friendly_names)
			return true;
	for (i = 0; i < conf->nr_mpaths; i++)
		if (conf->mpaths[i].lv.s.user_friendly_names)
			return true;
	return false;
}

bool conf_blacklist_why(const struct mpath2_conf *conf, const char *devnode,
			const char *wwid, const char *vendor,
			const char *product, char *why, size_t whylen)
{
	const struct bl_entry *e;
	enum bl_kind k;

	/* Per category, as multipath: an exception undoes its own kind. */
	for (k = 0; k < BL_NR_KINDS; k++) {
		e = bl_match(&conf->black, k, devnode, wwid, vendor, product);
		if (!e || bl_match(&conf->except, k, devnode, wwid, vendor,
				   product))
			continue;
		if (why && whylen)
			bl_describe(e, why, whylen);
		return true;
	}
	return false;
}

bool conf_blacklisted(const struct mpath2_conf *conf, const char *devnode,
		      const char *wwid, const char *vendor,
		      const char *product)
{
	return conf_blacklist_why(conf, devnode, wwid, vendor, product, NULL, 0);
}
