// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: any bytes as an mpath2.conf. The parser must refuse
 * or accept without a crash, a leak or undefined behaviour; what it
 * accepts is then resolved, matched and turned into a table line, as
 * discover would.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conf/config.h"
#include "table/table_conf.h"
#include "table/table.h"

static const char *const wwids[] = {
	"36001405a1b2c3d4e5f60718293a4b5c6", "3600a0b80001234", "2abc", NULL,
};

static void use(const struct mpath2_conf *conf)
{
	static const struct tbl_path paths[] = { { 8, 16 }, { 8, 32 } };
	struct config_settings s;
	struct tbl_opts o;
	char line[1024], err[256], why[256];
	size_t i;

	for (i = 0; i < sizeof(wwids) / sizeof(wwids[0]); i++) {
		config_resolve(conf, wwids[i], "LIO-ORG", "disk", &s);
		config_resolve(conf, wwids[i], NULL, "disk", &s);
		(void)config_alias(conf, wwids[i]);
		(void)config_blacklist_why(conf, "sdb", wwids[i], "LIO-ORG",
					 "TAPE", why, sizeof(why));
		(void)config_blacklisted(conf, NULL, wwids[i], NULL, NULL);
		table_default_opts(&o);
		if (!table_conf_apply(&o, &s, err, sizeof(err)))
			(void)table_build(&o, paths, 2, line, sizeof(line), err,
					sizeof(err));
	}
	(void)config_any_friendly(conf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	struct mpath2_conf *conf;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	conf = config_parse("fuzz.conf", (const char *)data, size, devnull);
	if (conf) {
		use(conf);
		config_free(conf);
	}
	return 0;
}
