package buildinfo

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestFromBuildInfoReadsVCSStamp(t *testing.T) {
	bi := &debug.BuildInfo{
		Main: debug.Module{Path: "github.com/prkbench/prk", Version: "v1.2.3"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.time", Value: "2026-11-26T12:00:00Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	info := fromBuildInfo(bi, Info{GoVersion: "go1.26", GOOS: "linux", GOARCH: "amd64"})
	if info.Version != "v1.2.3" || info.Revision != "0123456789abcdef0123456789abcdef01234567" || info.Time != "2026-11-26T12:00:00Z" || !info.Modified {
		t.Fatalf("fromBuildInfo = %+v", info)
	}
	if got, want := info.Short(), "v1.2.3 0123456789ab 2026-11-26T12:00:00Z modified"; got != want {
		t.Errorf("Short() = %q, want %q", got, want)
	}
	s := info.String()
	for _, want := range []string{"prk v1.2.3", "revision 0123456789abcdef0123456789abcdef01234567 (modified work tree)", "committed 2026-11-26T12:00:00Z", "go1.26 for linux/amd64"} {
		if !strings.Contains(s, want) {
			t.Errorf("String() lacks %q:\n%s", want, s)
		}
	}
}

func TestWithoutVCSStampSaysSo(t *testing.T) {
	info := fromBuildInfo(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, Info{})
	if info.Short() != "(devel)" {
		t.Errorf("Short() = %q", info.Short())
	}
	if !strings.Contains(info.String(), "revision unknown") {
		t.Errorf("String() does not say the revision is unknown:\n%s", info.String())
	}
}
