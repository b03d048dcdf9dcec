# SPDX-License-Identifier: GPL-2.0-only
# make fuzz: the libFuzzer targets (clang), built with ASan and UBSan and
# each run for FUZZ_SECONDS (default 20) from its committed seed corpus
# fuzz/corpus/<name>/. Inputs a run finds go to fuzz/build/corpus-<name>/
# (never committed; the seeds are only read); a crash leaves its input
# and the log in fuzz/build/. One line per target:
#   PASS fuzz-<name>: <execs> execs in <s> s
#   FAIL fuzz-<name>: <reason>
# Included by tools/Makefile; paths are relative to tools/.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 20
FUZZ_DIR := fuzz/build
FUZZ_NAMES := config status alua kprio
FUZZ_CFLAGS := -std=c11 -Wall -Wextra -Werror -D_DEFAULT_SOURCE -g -O1 \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -I.

FUZZ_SRCS_config := fuzz/fuzz_config.c conf/config.c conf/conf_parse.c conf/conf_section.c \
	conf/conf_value.c conf/conf_token.c conf/blacklist.c table/table_conf.c lib/blockdev.c lib/sysfs.c table/table.c lib/validate.c lib/vpd.c \
	table/status.c
FUZZ_SRCS_status := fuzz/fuzz_status.c table/status.c
FUZZ_SRCS_alua := fuzz/fuzz_alua.c lib/alua.c lib/serial.c
FUZZ_SRCS_kprio := fuzz/fuzz_kprio.c table/path_stats.c table/status.c

.PHONY: fuzz fuzz-build fuzz-clean

clean: fuzz-clean
fuzz-clean:
	rm -rf $(FUZZ_DIR)

fuzz-build: $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz-%)

FUZZ_HDRS := $(wildcard */*.h)
$(FUZZ_DIR)/fuzz-config: $(FUZZ_SRCS_config) $(FUZZ_HDRS)
	@mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(FUZZ_SRCS_config)

$(FUZZ_DIR)/fuzz-status: $(FUZZ_SRCS_status) $(FUZZ_HDRS)
	@mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(FUZZ_SRCS_status)

$(FUZZ_DIR)/fuzz-alua: $(FUZZ_SRCS_alua) $(FUZZ_HDRS)
	@mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(FUZZ_SRCS_alua)

$(FUZZ_DIR)/fuzz-kprio: $(FUZZ_SRCS_kprio) $(FUZZ_HDRS)
	@mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(FUZZ_SRCS_kprio)

# -timeout: one input may take 10 s at most; -rss_limit_mb: 2 GiB.
fuzz:
	@mkdir -p $(FUZZ_DIR); r=0; for t in $(FUZZ_NAMES); do \
		if ! command -v $(FUZZ_CC) >/dev/null; then \
			echo "FAIL fuzz-$$t: $(FUZZ_CC) not found (apt-get" \
				"install clang libclang-rt-14-dev)"; \
			r=1; continue; \
		fi; \
		if ! $(MAKE) --no-print-directory $(FUZZ_DIR)/fuzz-$$t \
			>$(FUZZ_DIR)/build-$$t.log 2>&1; then \
			echo "FAIL fuzz-$$t: build failed:" \
				"$$(grep -m1 -E 'error' $(FUZZ_DIR)/build-$$t.log)"; \
			r=1; continue; \
		fi; \
		mkdir -p $(FUZZ_DIR)/corpus-$$t; \
		log=$(FUZZ_DIR)/fuzz-$$t.log; \
		if $(FUZZ_DIR)/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) \
			-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_DIR)/crash-$$t- \
			$(FUZZ_DIR)/corpus-$$t fuzz/corpus/$$t >$$log 2>&1; then \
			echo "PASS fuzz-$$t: $$(sed -n \
				's/^stat::number_of_executed_units: *//p' $$log)" \
				"execs in $(FUZZ_SECONDS) s, corpus" \
				"$$(ls $(FUZZ_DIR)/corpus-$$t | wc -l)" \
				"(+$$(ls fuzz/corpus/$$t | wc -l) seeds)"; \
		else \
			echo "FAIL fuzz-$$t: $$(grep -m1 -E 'ERROR|runtime error' \
				$$log) (see tools/$$log)"; \
			r=1; \
		fi; \
	done; exit $$r
