package gen

import "syscall"

// physicalMemory returns the machine's total memory in bytes, or 0 when
// unknown.
func physicalMemory() uint64 {
	var info syscall.Sysinfo_t
	if syscall.Sysinfo(&info) != nil {
		return 0
	}
	return uint64(info.Totalram) * uint64(info.Unit)
}
