/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which checker a path gets: the path_checker setting of the config
 * resolved for its map (multipaths{} by the map's WWID over devices{}
 * by the path's vendor and product from sysfs over defaults{}), as
 * multipathd chooses per map. tur without a config.
 */
#ifndef MPATH2CTL_CHECKER_KIND_H
#define MPATH2CTL_CHECKER_KIND_H

#include "checkers/checker.h"
#include "conf/config.h"

/*
 * The kind for path @major:@minor of the map of WWID @wwid (NULL or "":
 * unknown); vendor and product from <@sysfs>/dev/block/M:m/device/
 * (@sysfs NULL: unknown).
 */
enum checker_kind checker_kind_for(const struct mpath2_conf *conf, const char *sysfs,
			   const char *wwid, unsigned int major,
			   unsigned int minor);

/* "tur" or "directio". */
const char *checker_kind_name(enum checker_kind kind);

#endif
