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
FUZZ_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = $(BASE_CFLAGS) -g -O1

# Each target is its fuzz/fuzz_<name>.c over libmpath2.a, built by
# $(FUZZ_CC) with the sanitizers and libFuzzer's coverage (the library's
# members without libFuzzer's main()).
FUZZ_LIB := $(FUZZ_DIR)/libmpath2.a
FUZZ_LIB_OBJS := $(SRCS:%.c=$(FUZZ_DIR)/%.o)

.PHONY: fuzz fuzz-build fuzz-clean

clean: fuzz-clean
fuzz-clean:
	rm -rf $(FUZZ_DIR)

fuzz-build: $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz-%)

$(FUZZ_DIR)/%.o: %.c | check-version
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link \
		-MMD -MP -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_DIR)/fuzz-%: $(FUZZ_DIR)/fuzz/fuzz_%.o $(FUZZ_LIB)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB) $(LIBS)

-include $(FUZZ_LIB_OBJS:.o=.d) $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz/fuzz_%.d)

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
