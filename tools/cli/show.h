/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mpath2ctl show [NAME] [--json]: the tree (show_tree.h) or the JSON
 * document (show_json.h) of one map or of every mpath2 map. The checker
 * state of each path comes from a TEST UNIT READY sent for the purpose
 * (checker.h, all paths of a map at once, 2 s at most), as multipath -ll
 * does.
 */
#ifndef MPATH2CTL_SHOW_H
#define MPATH2CTL_SHOW_H

#include "cli/cli.h"

/* 0, or 1 after one line per failure on ctl->err. */
int show_main(char **args, int nargs, const struct cli_ctl *ctl);

#endif
