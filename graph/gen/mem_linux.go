package gen

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"syscall"
)

// physicalMemory returns the machine's total memory in bytes, or 0 when
// unknown.
func physicalMemory() uint64 {
	var info syscall.Sysinfo_t
	if syscall.Sysinfo(&info) != nil {
		return 0
	}
	return uint64(info.Totalram) * uint64(info.Unit)
}

// memoryAvailable is what checkSize compares a build's peak with; tests
// replace it.
var memoryAvailable = availableMemory

// availableMemory returns the memory the kernel says can be allocated
// without swapping (MemAvailable in /proc/meminfo: free memory plus the
// page cache it can drop), which is what decides whether the OOM killer
// strikes; it falls back to the total when /proc is not readable.
func availableMemory() uint64 {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return physicalMemory()
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		// "MemAvailable:   12345678 kB"
		fields := bytes.Fields(sc.Bytes())
		if len(fields) >= 2 && string(fields[0]) == "MemAvailable:" {
			kb, err := strconv.ParseUint(string(fields[1]), 10, 64)
			if err != nil {
				break
			}
			return kb << 10
		}
	}
	return physicalMemory()
}
