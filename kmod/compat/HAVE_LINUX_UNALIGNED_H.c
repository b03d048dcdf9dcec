// SPDX-License-Identifier: GPL-2.0-only
/* Probe (kmod/compat.mk): <linux/unaligned.h> replaced <asm/unaligned.h> (6.12). */
#include <linux/unaligned.h>

unsigned int mpath2_probe_unaligned(const void *p);

unsigned int mpath2_probe_unaligned(const void *p)
{
	return get_unaligned_be16(p);
}
