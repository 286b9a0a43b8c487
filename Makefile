# kikuchi: build, test and demo. `make demo` and `make test` (the set-up of a fresh machine) install
# the Debian -dev libraries first when they are missing (apt-get; sudo when not root); `make deps`
# does only that. `make build` and `make release` only build.

SWIFT        ?= swift
APT_PACKAGES := pkg-config libopenblas-dev libhdf5-dev libjpeg-dev libpng-dev zlib1g-dev
DEMO_DIR     ?= demo-output

.PHONY: all deps build release test lint format fuzz demo bench clean

all: build

deps:
	@missing=""; \
	for package in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

test: deps
	$(SWIFT) test --disable-swift-testing

# The code passes swift-format with .swift-format; `make format` rewrites it so.
SWIFT_SOURCES := Sources Tests fuzz/Sources
lint:
	$(SWIFT) format lint --strict --recursive $(SWIFT_SOURCES)

format:
	$(SWIFT) format --in-place --recursive $(SWIFT_SOURCES)

# Every parser under libFuzzer for FUZZ_SECONDS each (fuzz/README.md).
FUZZ_SECONDS ?= 60
fuzz: deps
	fuzz/run.sh $(FUZZ_SECONDS)

demo: deps release
	$(SWIFT) run -c release kikuchi demo -o $(DEMO_DIR)

clean:
	rm -rf .build fuzz/.build $(DEMO_DIR)
