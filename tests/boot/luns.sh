# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034
# The boot test's two LUNs (sourced by scripts/image.sh and tests/boot/):
# each one qemu -blockdev node under two scsi-hd devices with this wwn, so
# both paths report the same NAA designator, and mpath2ctl the WWID
# "3<wwn in hex>". The root map and the data map get these names from
# the bindings file the image carries.
BOOT_ROOT_WWN=0x5001405b0070a001
BOOT_DATA_WWN=0x5001405b0070d001
BOOT_ROOT_WWID=3${BOOT_ROOT_WWN#0x}
BOOT_DATA_WWID=3${BOOT_DATA_WWN#0x}
BOOT_ROOT_MAP=mpath0
BOOT_DATA_MAP=mpath1
BOOT_VG=bootvg
