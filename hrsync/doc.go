// Package hrsync keeps an agency's profiles in the national CBCCVC
// database in step with its HR system: given the current profiles, it
// sends the whole profile (HOSO) of each person the national database does
// not hold yet, and for each changed profile the change events (BIENDONG)
// that turn what the national database last acknowledged into it, typed by
// packet.ChangeEvents (a raise as NANG_LUONG with its decision, a
// retirement as NGHI_HUU, …; the rest a plain update, CAP_NHAT).
//
//	st, err := hrsync.OpenSQLite(ctx, "cbccvc-sync.db") // or hrsync.OpenPostgres(ctx, "postgres://…")
//	eng, err := hrsync.New(hrsync.Config{
//		Client:     client, // an *ndxp.Client with a signer
//		Store:      st,
//		JournalDir: "/var/lib/cbccvc",
//	})
//	rep, err := eng.Sync(ctx, rows) // rows: an iter.Seq2[hrsync.Row, error] over the HR database
//
// The engine's Store remembers, for each person, the profile the national
// database acknowledged (THANH_CONG, or CANH_BAO, which it stores with its
// warnings): a record refused (LOI) changes nothing, and is sent again, as
// the difference from the acknowledged profile, by the next run. A run
// first writes what it will send to the store (its batch), then sends it
// with the ndxp.Uploader and its journal, then records each acknowledged
// record's effect together with marking it done, a page per transaction.
// A run stopped at any point — a crash, a kill, a network failure — is
// finished by the next one before it reads the HR system again: nothing
// is lost, and nothing is sent or applied twice.
//
// The report names refused records by their rows, the change events
// reported after their three-working-day deadline (Decree 27/2026/NĐ-CP)
// or due today or the next working day, the changes sent as plain updates
// and the people the HR system no longer has (for whom nothing is sent:
// the end of service is a change of the profile, with its decision).
//
// Two stores come with the package: an SQLite file (pure Go, nothing to
// install) and a PostgreSQL database; their schema is versioned and
// migrated when opened.
package hrsync
