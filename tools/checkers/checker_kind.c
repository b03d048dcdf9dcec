// SPDX-License-Identifier: GPL-2.0-only
/* A path's checker from the config (see checker_kind.h). */
#include <limits.h>
#include <stdio.h>

#include "checkers/checker_kind.h"
#include "table/table_conf.h"

enum checker_kind checker_kind_for(const struct mpath2_conf *conf, const char *sysfs,
			   const char *wwid, unsigned int major,
			   unsigned int minor)
{
	char dir[PATH_MAX], vendor[CONF_VENDOR_LEN], product[CONF_PRODUCT_LEN];
	struct config_settings s;

	if (!conf)
		return CHK_TUR;
	vendor[0] = product[0] = '\0';
	if (sysfs) {
		snprintf(dir, sizeof(dir), "%s/dev/block/%u:%u", sysfs, major,
			 minor);
		table_conf_vendor_product(dir, vendor, product);
	}
	config_resolve(conf, wwid && wwid[0] ? wwid : NULL,
		     vendor[0] ? vendor : NULL, product[0] ? product : NULL,
		     &s);
	return s.checker == CHECKER_DIRECTIO ? CHK_DIRECTIO : CHK_TUR;
}

const char *checker_kind_name(enum checker_kind kind)
{
	return kind == CHK_DIRECTIO ? "directio" : "tur";
}
