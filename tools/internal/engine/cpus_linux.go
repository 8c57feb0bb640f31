//go:build linux

package engine

import (
	"os/exec"
	"runtime"
	"syscall"
	"unsafe"
)

// cpuMask is a CPU affinity mask as sched_setaffinity takes it: bit i of
// word i/64 stands for CPU i.
type cpuMask [16]uint64 // 1024 CPUs

func getAffinity() (cpuMask, error) {
	var m cpuMask
	_, _, errno := syscall.RawSyscall(syscall.SYS_SCHED_GETAFFINITY, 0, unsafe.Sizeof(m), uintptr(unsafe.Pointer(&m)))
	if errno != 0 {
		return m, errno
	}
	return m, nil
}

// setAffinity sets the CPU affinity of the calling OS thread.
func setAffinity(m cpuMask) error {
	_, _, errno := syscall.RawSyscall(syscall.SYS_SCHED_SETAFFINITY, 0, unsafe.Sizeof(m), uintptr(unsafe.Pointer(&m)))
	if errno != 0 {
		return errno
	}
	return nil
}

// cpus returns the numbers of the CPUs in m.
func (m cpuMask) cpus() []int {
	var ids []int
	for i := range len(m) * 64 {
		if m[i/64]&(1<<(i%64)) != 0 {
			ids = append(ids, i)
		}
	}
	return ids
}

// AvailableCPUs returns how many CPUs this process may run on (its CPU
// affinity), or runtime.NumCPU() where that cannot be read.
func AvailableCPUs() int {
	m, err := getAffinity()
	if err != nil || len(m.cpus()) == 0 {
		return runtime.NumCPU()
	}
	return len(m.cpus())
}

// startOnCPUs starts cmd on the first n of the CPUs this process may use.
// A child process inherits the CPU affinity of the thread that starts it,
// and passes it on to the processes it starts in turn (Python included),
// so the limit holds for the whole tree. The thread is changed only for
// the start, on a goroutine locked to it that ends without unlocking it,
// which makes the runtime discard that thread.
func startOnCPUs(cmd *exec.Cmd, n int) error {
	all, err := getAffinity()
	if err != nil {
		return err
	}
	var m cpuMask
	for _, id := range all.cpus()[:min(n, len(all.cpus()))] {
		m[id/64] |= 1 << (id % 64)
	}
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: see above
		if err := setAffinity(m); err != nil {
			errc <- err
			return
		}
		errc <- cmd.Start()
	}()
	return <-errc
}
