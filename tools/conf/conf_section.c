// SPDX-License-Identifier: GPL-2.0-only
/*
 * What each mpath2.conf section means (see mpath2.conf.5): defaults{},
 * devices { device {} }, multipaths { multipath {} }, blacklist{} and
 * blacklist_exceptions{}. Each handler checks its statements as they
 * come and its section as it closes.
 */
#include <stdlib.h>
#include <string.h>

#include "conf/conf_parse.h"
#include "lib/validate.h"
#include "lib/vpd.h"

/* ---- settings levels: defaults{}, device{}, multipath{} ---- */

/* A settings keyword for @lv at @where; unknown ones only warn. */
static int level_keyword(struct parser *p, struct conf_level *lv,
			 const char *where, const char *kw, const char *value,
			 int line)
{
	char why[CONF_ERRLEN], b[48];
	int key = conf_value_key(kw);

	if (key < 0) {
		conf_parse_warn(p, line, "unknown keyword '%s' in %s, ignored",
			  validate_printable(kw, b, sizeof(b)), where);
		return 0;
	}
	if (lv != &p->conf->defaults && conf_value_defaults_only(key)) {
		conf_parse_warn(p, line, "%s belongs in defaults, ignored in %s", kw,
			  where);
		return 0;
	}
	if (conf_value_set(lv, key, value, line, why, sizeof(why)))
		return conf_parse_error(p, line, "%s", why);
	return 0;
}

static int level_close(struct parser *p, const struct conf_level *lv)
{
	char why[CONF_ERRLEN];
	int line;

	if (conf_value_check(lv, &line, why, sizeof(why)))
		return conf_parse_error(p, line, "%s", why);
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
	char why[CONF_ERRLEN];

	if (r->text)
		return conf_parse_error(p, line, "%s given twice", kw);
	if (!value[0])
		return conf_parse_error(p, line, "%s is empty", kw);
	if (blacklist_regex_compile(r, value, why, sizeof(why)))
		return conf_parse_error(p, line, "%s: %s", kw, why);
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
		return conf_parse_error(p, line, "device needs vendor and product");
	return level_close(p, &d->lv);
}

static const struct section_ops device_ops = {
	.keyword = device_keyword, .close = device_close,
};

void conf_section_device_free(struct conf_device *d)
{
	blacklist_regex_free(&d->vendor);
	blacklist_regex_free(&d->product);
}

static int devices_subsection(struct parser *p, void *ctx, const char *name,
			      int line)
{
	struct mpath2_conf *c = p->conf;
	struct conf_device d, *grown;
	char b[48];

	(void)ctx;
	if (strcmp(name, "device"))
		return conf_parse_error(p, line, "unknown section '%s' in devices",
				  validate_printable(name, b, sizeof(b)));
	memset(&d, 0, sizeof(d));
	if (conf_parse_body(p, "device", line, &device_ops, &d)) {
		conf_section_device_free(&d);
		return -1;
	}
	grown = realloc(c->devices, (c->nr_devices + 1) * sizeof(*grown));
	if (!grown) {
		conf_section_device_free(&d);
		return conf_parse_error(p, line, "out of memory");
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
	conf_parse_warn(p, line, "unknown keyword '%s' in %s, ignored",
		  validate_printable(kw, b, sizeof(b)), (const char *)ctx);
	return 0;
}

static const struct section_ops devices_ops = {
	.keyword = unknown_keyword, .subsection = devices_subsection,
};

/* ---- multipaths { multipath { wwid alias settings } } ---- */

const struct conf_mpath *conf_section_find_mpath(const struct mpath2_conf *c,
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
		return conf_parse_error(p, line, "%s given twice", kw);
	*dst = strdup(value);
	return *dst ? 0 : conf_parse_error(p, line, "out of memory");
}

static int mpath_keyword(struct parser *p, void *ctx, const char *kw,
			 const char *value, int line)
{
	struct conf_mpath *m = ctx;
	char why[CONF_ERRLEN], b[48];

	if (!strcmp(kw, "wwid")) {
		if (!vpd_valid_wwid(value))
			return conf_parse_error(p, line, "wwid '%s': not a WWID as"
					  " mpath2ctl wwid prints it",
					  validate_printable(value, b, sizeof(b)));
		return mpath_string(p, &m->wwid, kw, value, line);
	}
	if (!strcmp(kw, "alias")) {
		if (validate_map_name(value, why, sizeof(why)))
			return conf_parse_error(p, line, "alias: %s", why);
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
		return conf_parse_error(p, line, "multipath needs a wwid");
	other = conf_section_find_mpath(p->conf, m->wwid, NULL);
	if (other)
		return conf_parse_error(p, m->line, "wwid %s already has a multipath"
				  " section (line %d)", m->wwid, other->line);
	other = m->alias ? conf_section_find_mpath(p->conf, NULL, m->alias) : NULL;
	if (other)
		return conf_parse_error(p, m->line, "alias '%s' already names wwid %s"
				  " (line %d)", validate_printable(m->alias, b, sizeof(b)),
				  other->wwid, other->line);
	return level_close(p, &m->lv);
}

static const struct section_ops mpath_ops = {
	.keyword = mpath_keyword, .close = mpath_close,
};

void conf_section_mpath_free(struct conf_mpath *m)
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
		return conf_parse_error(p, line, "unknown section '%s' in multipaths",
				  validate_printable(name, b, sizeof(b)));
	memset(&m, 0, sizeof(m));
	m.line = line;
	if (conf_parse_body(p, "multipath", line, &mpath_ops, &m)) {
		conf_section_mpath_free(&m);
		return -1;
	}
	grown = realloc(c->mpaths, (c->nr_mpaths + 1) * sizeof(*grown));
	if (!grown) {
		conf_section_mpath_free(&m);
		return conf_parse_error(p, line, "out of memory");
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
		conf_parse_warn(p, line, "unknown keyword '%s' in %s, ignored",
			  validate_printable(kw, b, sizeof(b)), bl == &p->conf->black ?
			  "blacklist" : "blacklist_exceptions");
		return 0;
	}
	if (regex_value(p, &e.a, kw, value, line))
		return -1;
	return blacklist_add(bl, &e) ? conf_parse_error(p, line, "out of memory") : 0;
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
	conf_parse_warn(p, line, "unknown keyword '%s' in a blacklist device, ignored",
		  validate_printable(kw, b, sizeof(b)));
	return 0;
}

static int bl_device_close(struct parser *p, void *ctx, int line)
{
	struct bl_entry *e = ctx;

	if (!e->a.text && !e->b.text)
		return conf_parse_error(p, line, "device needs a vendor or a product");
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
		return conf_parse_error(p, line, "unknown section '%s' in %s",
				  validate_printable(name, b, sizeof(b)), bl == &p->conf->black ?
				  "blacklist" : "blacklist_exceptions");
	memset(&e, 0, sizeof(e));
	e.kind = BL_DEVICE;
	e.line = line;
	if (conf_parse_body(p, "device", line, &bl_device_ops, &e)) {
		blacklist_regex_free(&e.a);
		blacklist_regex_free(&e.b);
		return -1;
	}
	return blacklist_add(bl, &e) ? conf_parse_error(p, line, "out of memory") : 0;
}

static const struct section_ops bl_ops = {
	.keyword = bl_keyword, .subsection = bl_subsection,
};

int conf_section(struct parser *p, const char *name, int line)
{
	struct mpath2_conf *c = p->conf;
	char b[48];

	if (!strcmp(name, "defaults"))
		return conf_parse_body(p, name, line, &defaults_ops, NULL);
	if (!strcmp(name, "blacklist"))
		return conf_parse_body(p, name, line, &bl_ops, &c->black);
	if (!strcmp(name, "blacklist_exceptions"))
		return conf_parse_body(p, name, line, &bl_ops, &c->except);
	if (!strcmp(name, "multipaths"))
		return conf_parse_body(p, name, line, &multipaths_ops,
				 (void *)"multipaths");
	if (!strcmp(name, "devices"))
		return conf_parse_body(p, name, line, &devices_ops, (void *)"devices");
	return conf_parse_error(p, line, "unknown section '%s'",
			  validate_printable(name, b, sizeof(b)));
}
