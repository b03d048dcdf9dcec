// SPDX-License-Identifier: GPL-2.0-only
/* The config in effect, printed (see conf_print.h). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "conf/conf_parse.h"
#include "conf/conf_print.h"

/* @s quoted as mpath2.conf reads it back ("" for a quote). */
static void quoted(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

/* The settings of @lv: all of them (defaults), or those it gives. */
static void level(FILE *out, const struct conf_level *lv, bool all,
		  const char *ind)
{
	bool hold = lv->s.hold_down_failures > 0;
	char v[96];
	int k;

	for (k = 0; k < KEY_NR; k++) {
		if (lv->bad & (1u << k)) {
			fprintf(out, "%s# %s: %s (maps it applies to are not"
				" made)\n", ind, conf_value_name(k), lv->why[k]);
			continue;
		}
		if (!all && !(lv->given & (1u << k)))
			continue;
		/* hold_down off: its window and time have no value. */
		if ((k == KEY_HOLD_WINDOW || k == KEY_HOLD_SECS) && !hold)
			continue;
		if (!conf_value_format((enum conf_key)k, &lv->s, v, sizeof(v)))
			fprintf(out, "%s%s %s\n", ind, conf_value_name(k), v);
	}
}

static void blacklist(FILE *out, const char *name, const struct blacklist *bl)
{
	size_t i;

	fprintf(out, "%s {\n", name);
	for (i = 0; i < bl->nr; i++) {
		const struct blacklist_entry *e = &bl->e[i];

		if (e->kind != BL_DEVICE) {
			fprintf(out, "\t%s ", e->kind == BL_WWID ? "wwid" : "devnode");
			quoted(out, e->a.text);
			fputc('\n', out);
			continue;
		}
		fprintf(out, "\tdevice {\n");
		if (e->a.text) {
			fprintf(out, "\t\tvendor ");
			quoted(out, e->a.text);
			fputc('\n', out);
		}
		if (e->b.text) {
			fprintf(out, "\t\tproduct ");
			quoted(out, e->b.text);
			fputc('\n', out);
		}
		fprintf(out, "\t}\n");
	}
	fprintf(out, "}\n");
}

void conf_print_write(const struct mpath2_conf *c, FILE *out)
{
	size_t i;

	if (c->unusable)
		fprintf(out, "# %s: no map is made or changed\n", c->unusable);
	fprintf(out, "defaults {\n");
	level(out, &c->defaults, true, "\t");
	fprintf(out, "}\n");
	blacklist(out, "blacklist", &c->black);
	blacklist(out, "blacklist_exceptions", &c->except);
	fprintf(out, "devices {\n");
	for (i = 0; i < c->nr_devices; i++) {
		fprintf(out, "\tdevice {\n\t\tvendor ");
		quoted(out, c->devices[i].vendor.text);
		fprintf(out, "\n\t\tproduct ");
		quoted(out, c->devices[i].product.text);
		fputc('\n', out);
		level(out, &c->devices[i].lv, false, "\t\t");
		fprintf(out, "\t}\n");
	}
	fprintf(out, "}\noverrides {\n");
	level(out, &c->overrides, false, "\t");
	fprintf(out, "}\nmultipaths {\n");
	for (i = 0; i < c->nr_mpaths; i++) {
		fprintf(out, "\tmultipath {\n\t\twwid %s\n", c->mpaths[i].wwid);
		if (c->mpaths[i].alias) {
			fprintf(out, "\t\talias ");
			quoted(out, c->mpaths[i].alias);
			fputc('\n', out);
		}
		level(out, &c->mpaths[i].lv, false, "\t\t");
		fprintf(out, "\t}\n");
	}
	fprintf(out, "}\n");
}

int conf_print_main(char **args, int nargs, const struct cli_ctl *ctl)
{
	const char *path = ctl->config ? ctl->config : CONF_DEFAULT_PATH;
	struct mpath2_conf *c;

	if (nargs != 1 || strcmp(args[0], "show"))
		return cli_fail(ctl, "config: usage: config show");
	/* Warnings on stderr, with their lines; the config on stdout. */
	c = config_load(path, ctl->err);
	if (!c)
		return 1;	/* config_load() said why */
	conf_print_write(c, ctl->out);
	config_free(c);
	return 0;
}
