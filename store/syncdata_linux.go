package store

import (
	"os"
	"syscall"
)

// syncData puts the file's data on disk without its timestamps, as SQLite itself does on
// Linux (fdatasync): an fsync also journals the new modification time, which cost up to
// a millisecond per confirm on ext4, while the log is rewritten in place after a
// checkpoint and its size rarely changes.
func syncData(f *os.File) error {
	for {
		err := syscall.Fdatasync(int(f.Fd()))
		if err != syscall.EINTR {
			return err
		}
	}
}
