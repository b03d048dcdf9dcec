// SPDX-License-Identifier: GPL-2.0-only
/*
 * What each mpath2.conf section means (see mpath2.conf.5): defaults{},
 * devices { device {} }, overrides{}, multipaths { multipath {} },
 * blacklist{} and blacklist_exceptions{}. Each handler checks its
 * statements as they come and its section as it closes. What cannot be
 * used warns with its line and is left out, as multipath-tools does: an
 * unknown keyword or section, a section without what it needs; a bad
 * value of a map setting refuses only the maps it applies to
 * (conf_value_refuse()).
 */
#include <stdlib.h>
#include <string.h>

#include "conf/conf_parse.h"
#include "lib/validate.h"
#include "lib/vpd.h"

/* ---- settings levels: defaults{}, device{}, multipath{} ---- */

/*
 * prio: mpath2's group_by_prio takes each path's priority from ALUA
 * (table/prio.c), which is "prio alua"; another prioritizer warns.
 */
static int prio_keyword(struct conf_parser *p, const char *value, int line)
{
	char b[48];

	if (strcmp(value, "alua"))
		conf_parse_warn(p, line, "prio '%s': mpath2 takes priorities from"
				" ALUA only, ignored",
				validate_printable(value, b, sizeof(b)));
	return 0;
}

/*
 * A settings keyword for @lv at @where. Unknown ones warn; a bad value
 * warns and keeps the level below, or, for a map setting, refuses the
 * maps it applies to.
 */
static int level_keyword(struct conf_parser *p, struct conf_level *lv,
			 const char *where, const char *kw, const char *value,
			 int line)
{
	char why[CONF_ERRLEN], b[48];
	int key = conf_value_key(kw);

	if (!strcmp(kw, "prio"))
		return prio_keyword(p, value, line);
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
	if (!conf_value_set(lv, key, value, line, why, sizeof(why))) {
		/* The last statement counts, as for a good one. */
		lv->bad &= ~(1u << key);
		return 0;
	}
	if (!conf_value_map_key((enum conf_key)key)) {
		conf_parse_warn(p, line, "%s, ignored", why);
		return 0;
	}
	conf_parse_warn(p, line, "%s: maps it applies to are not made", why);
	if (conf_value_refuse(lv, (enum conf_key)key, line, p->name, why))
		return conf_parse_error(p, line, "out of memory");
	return 0;
}

/* The hold_down keywords go together: else their maps are refused. */
static int level_close(struct conf_parser *p, struct conf_level *lv)
{
	char why[CONF_ERRLEN];
	int line;

	if (!conf_value_check(lv, &line, why, sizeof(why)))
		return 0;
	conf_parse_warn(p, line, "%s: maps it applies to are not made", why);
	lv->given &= ~(1u << KEY_HOLD_WINDOW | 1u << KEY_HOLD_SECS);
	if (conf_value_refuse(lv, KEY_HOLD_FAILURES, line, p->name, why))
		return conf_parse_error(p, line, "out of memory");
	return 0;
}

static int defaults_keyword(struct conf_parser *p, void *ctx, const char *kw,
			    const char *value, int line)
{
	(void)ctx;
	return level_keyword(p, &p->conf->defaults, "defaults", kw, value, line);
}

static int defaults_close(struct conf_parser *p, void *ctx, int line)
{
	(void)ctx;
	(void)line;
	return level_close(p, &p->conf->defaults);
}

static const struct conf_section_ops defaults_ops = {
	.keyword = defaults_keyword, .close = defaults_close,
};

/* ---- overrides{}: over every device{}, under multipath{} ---- */

static int overrides_keyword(struct conf_parser *p, void *ctx, const char *kw,
			     const char *value, int line)
{
	(void)ctx;
	return level_keyword(p, &p->conf->overrides, "overrides", kw, value,
			     line);
}

static int overrides_close(struct conf_parser *p, void *ctx, int line)
{
	(void)ctx;
	(void)line;
	return level_close(p, &p->conf->overrides);
}

/* multipath-tools' overrides { protocol { type ... } }: not mpath2's. */
static int overrides_subsection(struct conf_parser *p, void *ctx,
				const char *name, int line)
{
	char b[48];

	(void)ctx;
	conf_parse_warn(p, line, "section '%s' in overrides: not used by mpath2,"
			" ignored", validate_printable(name, b, sizeof(b)));
	return conf_parse_skip(p, name, line);
}

static const struct conf_section_ops overrides_ops = {
	.keyword = overrides_keyword, .subsection = overrides_subsection,
	.close = overrides_close,
};

/* An unknown section @name in @where: warned, skipped. */
static int unknown_section(struct conf_parser *p, const char *name,
			   const char *where, int line)
{
	char b[48];

	conf_parse_warn(p, line, "unknown section '%s' in %s, ignored",
			validate_printable(name, b, sizeof(b)), where);
	return conf_parse_skip(p, name, line);
}

/* ---- devices { device { vendor product settings } } ---- */

/*
 * @kw's regex @value into @r: 0, or 1 after a warning ending in
 * @unused (given twice, empty, or not a regex mpath2 takes).
 */
static int regex_value(struct conf_parser *p, struct blacklist_regex *r, const char *kw,
		       const char *value, int line, const char *unused)
{
	char why[CONF_ERRLEN];

	if (r->text) {
		conf_parse_warn(p, line, "%s given twice, %s", kw, unused);
		return 1;
	}
	if (!value[0]) {
		conf_parse_warn(p, line, "%s is empty, %s", kw, unused);
		return 1;
	}
	if (blacklist_regex_compile(r, value, why, sizeof(why))) {
		conf_parse_warn(p, line, "%s: %s, %s", kw, why, unused);
		return 1;
	}
	return 0;
}

static int device_keyword(struct conf_parser *p, void *ctx, const char *kw,
			  const char *value, int line)
{
	static const char unused[] = "the device section ignored";
	struct conf_device *d = ctx;

	if (!strcmp(kw, "vendor") || !strcmp(kw, "product")) {
		if (regex_value(p, kw[0] == 'v' ? &d->vendor : &d->product, kw,
				value, line, unused))
			d->drop = 1;
		return 0;
	}
	return level_keyword(p, &d->lv, "device", kw, value, line);
}

static int device_close(struct conf_parser *p, void *ctx, int line)
{
	struct conf_device *d = ctx;

	if (!d->drop && (!d->vendor.text || !d->product.text)) {
		conf_parse_warn(p, line, "device needs vendor and product, the"
				" device section ignored");
		d->drop = 1;
	}
	return level_close(p, &d->lv);
}

static const struct conf_section_ops device_ops = {
	.keyword = device_keyword, .close = device_close,
};

void conf_section_device_free(struct conf_device *d)
{
	blacklist_regex_free(&d->vendor);
	blacklist_regex_free(&d->product);
	conf_value_level_free(&d->lv);
}

static int devices_subsection(struct conf_parser *p, void *ctx, const char *name,
			      int line)
{
	struct mpath2_conf *c = p->conf;
	struct conf_device d, *grown;
	char b[48];
	int r;

	(void)ctx;
	(void)b;
	if (strcmp(name, "device"))
		return unknown_section(p, name, "devices", line);
	memset(&d, 0, sizeof(d));
	r = conf_parse_body(p, "device", line, &device_ops, &d);
	if (r || d.drop) {
		conf_section_device_free(&d);
		return r;
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

static int unknown_keyword(struct conf_parser *p, void *ctx, const char *kw,
			   const char *value, int line)
{
	char b[48];

	(void)value;
	conf_parse_warn(p, line, "unknown keyword '%s' in %s, ignored",
		  validate_printable(kw, b, sizeof(b)), (const char *)ctx);
	return 0;
}

static const struct conf_section_ops devices_ops = {
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

/* wwid or alias @value into *@dst: 0, or 1 if given twice (warned). */
static int mpath_string(struct conf_parser *p, char **dst, const char *kw,
			const char *value, int line, const char *unused)
{
	if (*dst) {
		conf_parse_warn(p, line, "%s given twice, %s", kw, unused);
		return 1;
	}
	*dst = strdup(value);
	return *dst ? 0 : conf_parse_error(p, line, "out of memory");
}

static int mpath_keyword(struct conf_parser *p, void *ctx, const char *kw,
			 const char *value, int line)
{
	static const char unused[] = "the multipath section ignored";
	struct conf_mpath *m = ctx;
	char why[CONF_ERRLEN], b[48];
	int r;

	if (!strcmp(kw, "wwid")) {
		if (!vpd_valid_wwid(value)) {
			conf_parse_warn(p, line, "wwid '%s': not a WWID as"
					" mpath2ctl wwid prints it, %s",
					validate_printable(value, b, sizeof(b)),
					unused);
			m->drop = 1;
			return 0;
		}
		r = mpath_string(p, &m->wwid, kw, value, line, unused);
		m->drop |= r > 0;
		return r < 0 ? -1 : 0;
	}
	if (!strcmp(kw, "alias")) {
		if (validate_map_name(value, why, sizeof(why))) {
			conf_parse_warn(p, line, "alias: %s, ignored", why);
			return 0;
		}
		r = mpath_string(p, &m->alias, kw, value, line,
				 "the second ignored");
		return r < 0 ? -1 : 0;
	}
	return level_keyword(p, &m->lv, "multipath", kw, value, line);
}

static int mpath_close(struct conf_parser *p, void *ctx, int line)
{
	struct conf_mpath *m = ctx;
	const struct conf_mpath *other;
	char b[48];

	if (m->drop)
		return 0;
	if (!m->wwid) {
		conf_parse_warn(p, line, "multipath needs a wwid, the multipath"
				" section ignored");
		m->drop = 1;
		return 0;
	}
	other = conf_section_find_mpath(p->conf, m->wwid, NULL);
	if (other) {
		conf_parse_warn(p, m->line, "wwid %s already has a multipath"
				" section (line %d), this one ignored", m->wwid,
				other->line);
		m->drop = 1;
		return 0;
	}
	other = m->alias ? conf_section_find_mpath(p->conf, NULL, m->alias) : NULL;
	if (other) {
		conf_parse_warn(p, m->line, "alias '%s' already names wwid %s"
				" (line %d), ignored here",
				validate_printable(m->alias, b, sizeof(b)),
				other->wwid, other->line);
		free(m->alias);
		m->alias = NULL;
	}
	return level_close(p, &m->lv);
}

static const struct conf_section_ops mpath_ops = {
	.keyword = mpath_keyword, .close = mpath_close,
};

void conf_section_mpath_free(struct conf_mpath *m)
{
	free(m->wwid);
	free(m->alias);
	conf_value_level_free(&m->lv);
}

static int multipaths_subsection(struct conf_parser *p, void *ctx,
				 const char *name, int line)
{
	struct mpath2_conf *c = p->conf;
	struct conf_mpath m, *grown;
	char b[48];
	int r;

	(void)ctx;
	(void)b;
	if (strcmp(name, "multipath"))
		return unknown_section(p, name, "multipaths", line);
	memset(&m, 0, sizeof(m));
	m.line = line;
	r = conf_parse_body(p, "multipath", line, &mpath_ops, &m);
	if (r || m.drop) {
		conf_section_mpath_free(&m);
		return r;
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

static const struct conf_section_ops multipaths_ops = {
	.keyword = unknown_keyword, .subsection = multipaths_subsection,
};

/* ---- blacklist, blacklist_exceptions ---- */

/*
 * A blacklist regex into @r: 0, or 1 if the entry is left out (warned).
 * "*", as guides write "every disk", is ".*". In the blacklist, a regex
 * that does not compile stands for every disk until it is fixed: a map
 * on a disk the admin meant to keep out would be a wrong map. In the
 * exceptions it is left out (fewer maps, none wrong).
 */
static int bl_regex(struct conf_parser *p, bool black, struct blacklist_regex *r,
		    const char *kw, const char *value, int line)
{
	const char *unused = black ? "the entry ignored" :
			     "the exception ignored";
	char why[CONF_ERRLEN];

	if (!strcmp(value, "*"))
		value = ".*";
	if (r->text || !value[0])	/* given twice, empty: warned */
		return regex_value(p, r, kw, value, line, unused);
	if (!blacklist_regex_compile(r, value, why, sizeof(why)))
		return 0;
	if (!black) {
		conf_parse_warn(p, line, "%s: %s, %s", kw, why, unused);
		return 1;
	}
	conf_parse_warn(p, line, "%s: %s; it stands for every disk (\".*\")"
			" until fixed", kw, why);
	if (blacklist_regex_compile(r, ".*", why, sizeof(why)))
		return conf_parse_error(p, line, "%s", why);
	return 0;
}

static bool is_black(const struct conf_parser *p, const struct blacklist *bl)
{
	return bl == &p->conf->black;
}

static const char *bl_name(const struct conf_parser *p, const struct blacklist *bl)
{
	return is_black(p, bl) ? "blacklist" : "blacklist_exceptions";
}

static int bl_keyword(struct conf_parser *p, void *ctx, const char *kw,
		      const char *value, int line)
{
	struct blacklist *bl = ctx;
	struct blacklist_entry e;
	char b[48];
	int r;

	memset(&e, 0, sizeof(e));
	e.line = line;
	if (!strcmp(kw, "devnode"))
		e.kind = BL_DEVNODE;
	else if (!strcmp(kw, "wwid"))
		e.kind = BL_WWID;
	else {
		conf_parse_warn(p, line, "unknown keyword '%s' in %s, ignored",
			  validate_printable(kw, b, sizeof(b)), bl_name(p, bl));
		return 0;
	}
	r = bl_regex(p, is_black(p, bl), &e.a, kw, value, line);
	if (r) {
		blacklist_regex_free(&e.a);
		return r < 0 ? -1 : 0;
	}
	return blacklist_add(bl, &e) ? conf_parse_error(p, line, "out of memory") : 0;
}

struct bl_device {
	struct blacklist_entry e;
	bool black;
	int drop;
};

static int bl_device_keyword(struct conf_parser *p, void *ctx, const char *kw,
			     const char *value, int line)
{
	struct bl_device *d = ctx;
	char b[48];
	int r;

	if (strcmp(kw, "vendor") && strcmp(kw, "product")) {
		conf_parse_warn(p, line, "unknown keyword '%s' in a blacklist"
				" device, ignored",
				validate_printable(kw, b, sizeof(b)));
		return 0;
	}
	r = bl_regex(p, d->black, kw[0] == 'v' ? &d->e.a : &d->e.b, kw, value,
		     line);
	if (r > 0)
		d->drop = 1;
	return r < 0 ? -1 : 0;
}

static int bl_device_close(struct conf_parser *p, void *ctx, int line)
{
	struct bl_device *d = ctx;

	if (!d->drop && !d->e.a.text && !d->e.b.text) {
		conf_parse_warn(p, line, "device needs a vendor or a product, the"
				" entry ignored");
		d->drop = 1;
	}
	return 0;
}

static const struct conf_section_ops bl_device_ops = {
	.keyword = bl_device_keyword, .close = bl_device_close,
};

static int bl_subsection(struct conf_parser *p, void *ctx, const char *name,
			 int line)
{
	struct blacklist *bl = ctx;
	struct bl_device d;
	int r;

	if (strcmp(name, "device"))
		return unknown_section(p, name, bl_name(p, bl), line);
	memset(&d, 0, sizeof(d));
	d.e.kind = BL_DEVICE;
	d.e.line = line;
	d.black = is_black(p, bl);
	r = conf_parse_body(p, "device", line, &bl_device_ops, &d);
	if (r || d.drop) {
		blacklist_regex_free(&d.e.a);
		blacklist_regex_free(&d.e.b);
		return r;
	}
	return blacklist_add(bl, &d.e) ? conf_parse_error(p, line, "out of memory") : 0;
}

static const struct conf_section_ops bl_ops = {
	.keyword = bl_keyword, .subsection = bl_subsection,
};

int conf_section(struct conf_parser *p, const char *name, int line)
{
	struct mpath2_conf *c = p->conf;

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
	if (!strcmp(name, "overrides"))
		return conf_parse_body(p, name, line, &overrides_ops, NULL);
	return unknown_section(p, name, "the file", line);
}
