// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2.conf: loading (config.h), the checks only the whole file allows,
 * and the lookups: a map's settings, its alias, whether a disk is
 * blacklisted. The grammar is conf_parse.c's, the sections conf_section.c's,
 * the values conf_value.c's, the regexes blacklist.c's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf_parse.h"

#define CONF_FILE_MAX	(1 << 20)	/* 1 MiB: far more than any config */

/* Level @i of @c: defaults, overrides, the multipaths, the devices. */
static struct conf_level *level(struct mpath2_conf *c, size_t i)
{
	if (i == 0)
		return &c->defaults;
	if (i == 1)
		return &c->overrides;
	i -= 2;
	if (i < c->nr_mpaths)
		return &c->mpaths[i].lv;
	i -= c->nr_mpaths;
	return i < c->nr_devices ? &c->devices[i].lv : NULL;
}

/*
 * What only the whole file can tell: max_polling_interval against
 * polling_interval (warned, 4 * polling_interval then), and
 * no_path_retry N * polling_interval (that level's maps refused).
 */
static int check_file(struct conf_parser *p)
{
	struct conf_level *d = &p->conf->defaults, *lv;
	int poll = d->s.polling_interval;
	char why[CONF_ERRLEN];
	size_t i;

	if ((d->given & (1u << KEY_MAX_POLLING_INTERVAL)) &&
	    d->s.max_polling_interval < poll) {
		conf_parse_warn(p, d->line[KEY_MAX_POLLING_INTERVAL],
				"max_polling_interval %d is below"
				" polling_interval %d, ignored",
				d->s.max_polling_interval, poll);
		d->given &= ~(1u << KEY_MAX_POLLING_INTERVAL);
	}
	if (!(d->given & (1u << KEY_MAX_POLLING_INTERVAL)))
		d->s.max_polling_interval = 4 * poll;
	for (i = 0; (lv = level(p->conf, i)); i++) {
		if (!(lv->given & (1u << KEY_NO_PATH_RETRY)) ||
		    lv->s.no_path_retry <= 0 ||
		    (long)lv->s.no_path_retry * poll <= CONF_NO_PATH_TIMEOUT_MAX)
			continue;
		snprintf(why, sizeof(why), "no_path_retry %d polls of %d s is more"
			 " than %d s", lv->s.no_path_retry, poll,
			 CONF_NO_PATH_TIMEOUT_MAX);
		conf_parse_warn(p, lv->line[KEY_NO_PATH_RETRY], "%s: maps it"
				" applies to are not made", why);
		if (conf_value_refuse(lv, KEY_NO_PATH_RETRY,
				      lv->line[KEY_NO_PATH_RETRY], p->name, why))
			return conf_parse_error(p, lv->line[KEY_NO_PATH_RETRY],
						"out of memory");
	}
	return 0;
}

struct mpath2_conf *config_default(void)
{
	struct mpath2_conf *c = calloc(1, sizeof(*c));

	if (c)
		conf_value_builtin(&c->defaults.s);
	return c;
}

struct mpath2_conf *config_unusable(const char *why)
{
	struct mpath2_conf *c = config_default();

	if (c && !(c->unusable = strdup(why))) {
		config_free(c);
		c = NULL;
	}
	return c;
}

struct mpath2_conf *config_parse(const char *name, const char *text,
			       size_t len, FILE *err)
{
	struct conf_parser p = { .name = name, .err = err };

	p.conf = config_default();
	if (!p.conf) {
		conf_parse_error(&p, 0, "out of memory");
		return NULL;
	}
	conf_token_init(&p.tok, text, len);
	if (conf_parse_file(&p) || check_file(&p)) {
		config_free(p.conf);
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

struct mpath2_conf *config_load(const char *path, FILE *err)
{
	struct mpath2_conf *c;
	size_t len = 0;
	char *text;

	text = read_file(path, &len);
	if (!text && errno == ENOENT)
		return config_default();
	if (!text) {
		if (err)
			fprintf(err, "%s: %s\n", path, errno == EFBIG ?
				"larger than 1 MiB" : strerror(errno));
		return NULL;
	}
	c = config_parse(path, text, len, err);
	free(text);
	return c;
}

void config_free(struct mpath2_conf *conf)
{
	size_t i;

	if (!conf)
		return;
	for (i = 0; i < conf->nr_mpaths; i++)
		conf_section_mpath_free(&conf->mpaths[i]);
	for (i = 0; i < conf->nr_devices; i++)
		conf_section_device_free(&conf->devices[i]);
	conf_value_level_free(&conf->defaults);
	conf_value_level_free(&conf->overrides);
	free(conf->unusable);
	free(conf->mpaths);
	free(conf->devices);
	blacklist_free(&conf->black);
	blacklist_free(&conf->except);
	free(conf);
}

const struct config_settings *config_defaults(const struct mpath2_conf *conf)
{
	return &conf->defaults.s;
}

/* Merge @lv into @out, noting which level said the last word on a bad key. */
static void merge(struct config_settings *out, const struct conf_level *lv,
		  const char **why)
{
	size_t k;

	conf_value_merge(out, lv);
	for (k = 0; k < KEY_NR; k++)
		if (lv->bad & (1u << k))
			why[k] = lv->why[k];
}

void config_resolve(const struct mpath2_conf *conf, const char *wwid,
		  const char *vendor, const char *product,
		  struct config_settings *out)
{
	const char *why[KEY_NR] = { NULL };
	const struct conf_mpath *m;
	size_t i;

	*out = conf->defaults.s;
	out->refused_keys = 0;
	out->refused[0] = '\0';
	merge(out, &conf->defaults, why);
	/* Every matching device section, later ones over earlier ones. */
	for (i = 0; vendor && product && i < conf->nr_devices; i++)
		if (blacklist_regex_match(&conf->devices[i].vendor, vendor) &&
		    blacklist_regex_match(&conf->devices[i].product, product))
			merge(out, &conf->devices[i].lv, why);
	merge(out, &conf->overrides, why);
	m = wwid ? conf_section_find_mpath(conf, wwid, NULL) : NULL;
	if (m)
		merge(out, &m->lv, why);
	if (conf->unusable) {
		snprintf(out->refused, sizeof(out->refused), "%s", conf->unusable);
		return;
	}
	for (i = 0; i < KEY_NR; i++)
		if ((out->refused_keys & (1u << i)) && why[i]) {
			snprintf(out->refused, sizeof(out->refused), "%s", why[i]);
			break;
		}
}

const char *config_alias(const struct mpath2_conf *conf, const char *wwid)
{
	const struct conf_mpath *m = wwid ? conf_section_find_mpath(conf, wwid, NULL) : NULL;

	return m ? m->alias : NULL;
}

bool config_any_friendly(const struct mpath2_conf *conf)
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

bool config_blacklist_why(const struct mpath2_conf *conf, const char *devnode,
			const char *wwid, const char *vendor,
			const char *product, char *why, size_t whylen)
{
	const struct blacklist_entry *e;
	enum blacklist_kind k;

	/* Per category, as multipath: an exception undoes its own kind. */
	for (k = 0; k < BL_NR_KINDS; k++) {
		e = blacklist_match(&conf->black, k, devnode, wwid, vendor, product);
		if (!e || blacklist_match(&conf->except, k, devnode, wwid, vendor,
				   product))
			continue;
		if (why && whylen)
			blacklist_describe(e, why, whylen);
		return true;
	}
	return false;
}

bool config_blacklisted(const struct mpath2_conf *conf, const char *devnode,
		      const char *wwid, const char *vendor,
		      const char *product)
{
	return config_blacklist_why(conf, devnode, wwid, vendor, product, NULL, 0);
}
