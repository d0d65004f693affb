package strategytest

import (
	"os"
	"path/filepath"
	"testing"
)

// DataDirEnv is the environment variable that may name the folder holding
// the project's real graphs.
const DataDirEnv = "PRK_SHARED_DATA"

// resolveDataDir returns the data folder to use: dir when set, else
// $PRK_SHARED_DATA, else ../shared/data beside the nearest directory above
// the working directory that holds go.mod. It returns "" when there is no
// go.mod above.
func resolveDataDir(dir string) string {
	if dir != "" {
		return dir
	}
	if env := os.Getenv(DataDirEnv); env != "" {
		return env
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for d := wd; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(d, "..", "shared", "data")
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// dataFile returns the path of a file in the data folder, skipping the test
// with a message saying what is missing and how to provide it when the
// folder or the file does not exist.
func dataFile(t *testing.T, s *settings, name string) string {
	t.Helper()
	if s.dataDir == "" {
		t.Skipf("no data folder: no go.mod above the working directory; set $%s or use strategytest.DataDir to check real graph %s", DataDirEnv, name)
	}
	if _, err := os.Stat(s.dataDir); err != nil {
		t.Skipf("data folder %s is missing (set $%s or use strategytest.DataDir): skipping real graph %s", s.dataDir, DataDirEnv, name)
	}
	path := filepath.Join(s.dataDir, name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("real graph %s is missing from the data folder %s: skipping it", name, s.dataDir)
	}
	return path
}
