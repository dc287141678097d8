package hrsync_test

import (
	"context"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"time"

	"github.com/cbccvc/cbccvc-go/hrsync"
	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

func Example() {
	ctx := context.Background()
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	srv, _ := ndxptest.Start(ndxptest.Config{Now: func() time.Time { return now }})
	defer srv.Close()
	agency := identifier.MustParseAgencyCode("000.00.00.H29")

	dir, _ := os.MkdirTemp("", "hrsync")
	defer os.RemoveAll(dir)
	st, err := hrsync.OpenSQLite(ctx, filepath.Join(dir, "sync.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer st.Close()
	eng, _ := hrsync.New(hrsync.Config{
		Client: srv.Client(agency), Store: st, JournalDir: dir,
		Upload: ndxp.UploaderConfig{PollInterval: 10 * time.Millisecond},
		Now:    func() time.Time { return now },
	})

	// The HR system: a hundred people; then one of them gets a new phone number.
	people := packettest.New(packettest.Options{Seed: 1, Sender: agency, Now: now}).Profiles(100)
	rows := func(ps []packet.Profile) iter.Seq2[hrsync.Row, error] {
		return func(yield func(hrsync.Row, error) bool) {
			for _, p := range ps {
				if !yield(hrsync.Row{Profile: p}, nil) {
					return
				}
			}
		}
	}
	rep, err := eng.Sync(ctx, rows(people))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("first run: %d new, %d acknowledged\n", rep.New, rep.Accepted+rep.Warned)

	people[7].Phone = "0912000111"
	rep, _ = eng.Sync(ctx, rows(people))
	fmt.Printf("second run: %d changed, %d unchanged, %d change event (%s)\n",
		rep.Changed, rep.Unchanged, rep.Events, rep.Untyped[0].Field)
	// Output:
	// first run: 100 new, 100 acknowledged
	// second run: 1 changed, 99 unchanged, 1 change event (/SoDienThoai)
}
