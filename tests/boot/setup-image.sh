#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Run by scripts/image.sh inside the image's chroot, after the mpath2
# packages are installed: the configuration a host with its root on an
# mpath2 map has (README.md's install section), then its initramfs.
# Usage: setup-image.sh KVER  (luns.sh next to it)
set -euo pipefail
kver=$1
. /tmp/luns.sh

echo mpath2-boot >/etc/hostname
passwd -d root >/dev/null
# Root on the root LUN's map; the data LUN's VG is made by the check.
cat >/etc/fstab <<FSTAB
/dev/mapper/$BOOT_ROOT_MAP / ext4 defaults,errors=remount-ro 0 1
FSTAB

# find_multipaths strict: only the WWIDs in /etc/mpath2/wwids are paths.
# Friendly names from the bindings file, the same in the initramfs and
# after every boot. Queueing with no path (the data LUN's shutdown test).
cat >/etc/mpath2.conf <<CONF
defaults {
	user_friendly_names	yes
	find_multipaths		strict
	no_path_retry		queue
	polling_interval	5
}
CONF
mkdir -p /etc/mpath2
printf '%s\n' "$BOOT_ROOT_WWID" "$BOOT_DATA_WWID" >/etc/mpath2/wwids
printf '%s %s\n' "$BOOT_ROOT_MAP" "$BOOT_ROOT_WWID" "$BOOT_DATA_MAP" "$BOOT_DATA_WWID" \
	>/etc/mpath2/bindings

# LVM takes udev's word on which disks are mpath2 paths (ID_FS_TYPE
# mpath_member, SYSTEMD_READY=0 from 56-mpath2-claim.rules).
sed -i 's/^\([[:space:]]*\)# external_device_info_source = "none"/\1external_device_info_source = "udev"/' \
	/etc/lvm/lvm.conf
grep -q '^[[:space:]]*external_device_info_source = "udev"' /etc/lvm/lvm.conf

systemctl enable mpath2d.service mpath2-unqueue.service mpath2-boot-check.service
systemctl mask systemd-timesyncd.service apt-daily.timer apt-daily-upgrade.timer \
	e2scrub_all.timer fstrim.timer 2>/dev/null || true
update-initramfs -u -k "$kver"
