package atomicfile

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestDeviceWrittenInPlace: a character device (a /dev/null made with
// mknod, so the test never risks the system's) stays a device.
func TestDeviceWrittenInPlace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "null")
	if err := syscall.Mknod(path, syscall.S_IFCHR|0o666, int(mkdev(1, 3))); err != nil {
		t.Skip("mknod (needs root):", err)
	}
	if f, err := os.OpenFile(path, os.O_WRONLY, 0); err != nil {
		t.Skip("device nodes do not open here (nodev mount?):", err)
	} else {
		f.Close()
	}
	if err := Write(path, fill("gone")); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(path); err != nil || st.Mode()&fs.ModeCharDevice == 0 {
		t.Errorf("the device became %v (%v)", st.Mode(), err)
	}
}

// mkdev is Linux's makedev for small device numbers.
func mkdev(major, minor uint64) uint64 { return major<<8 | minor }
