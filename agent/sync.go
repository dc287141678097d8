package agent

import (
	"bytes"
	"context"
	"net/http"
	"time"

	"github.com/cbccvc/cbccvc-go/hrsync"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/quality"
)

// syncPage is how many rows one call of the sync store reads.
const syncPage = 1000

// SyncState is the answer of GET /v1/sync: the state of the HR sync's
// store (hrsync), as the last runs of the sync engine left it.
type SyncState struct {
	// People counts the people whose profile the national database has
	// acknowledged, as the store remembers them.
	People int `json:"people"`
	// OpenBatch is the batch a run left unfinished, which the next run
	// finishes before it reads the source again; absent when there is none.
	OpenBatch *SyncBatch `json:"openBatch,omitempty"`
}

// SyncBatch is an unfinished batch of the sync store.
type SyncBatch struct {
	ID       string    `json:"id"`
	Created  time.Time `json:"created"`
	Profiles SyncItems `json:"profiles"` // its HOSO records
	Changes  SyncItems `json:"changes"`  // its BIENDONG records
}

// SyncItems counts the records of a batch of one kind, and those whose
// answer's effect is recorded.
type SyncItems struct {
	Items int `json:"items"`
	Done  int `json:"done"`
}

func (a *Agent) syncState(w http.ResponseWriter, r *http.Request) {
	if a.cfg.Sync == nil {
		writeError(w, notConfigured("Dịch vụ chưa được cấu hình kho dữ liệu đồng bộ hồ sơ.", "the agent has no store of the HR sync"))
		return
	}
	// The store's methods are called one at a time.
	a.syncMu.Lock()
	defer a.syncMu.Unlock()
	st, err := readSyncState(r.Context(), a.cfg.Sync)
	if err != nil {
		writeError(w, internalError(err))
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// readSyncState counts the store's people and its open batch's items, a
// page at a time.
func readSyncState(ctx context.Context, s hrsync.Store) (*SyncState, error) {
	st := &SyncState{}
	for after := ""; ; {
		ids, err := s.People(ctx, after, syncPage)
		if err != nil {
			return nil, err
		}
		st.People += len(ids)
		if len(ids) < syncPage {
			break
		}
		after = ids[len(ids)-1]
	}
	b, ok, err := s.OpenBatch(ctx)
	if err != nil || !ok {
		return st, err
	}
	st.OpenBatch = &SyncBatch{ID: b.ID, Created: b.Created}
	for kind, n := range map[packet.Kind]*SyncItems{packet.KindProfiles: &st.OpenBatch.Profiles, packet.KindChanges: &st.OpenBatch.Changes} {
		for after := int64(0); ; {
			items, err := s.Items(ctx, b.ID, kind, after, syncPage)
			if err != nil {
				return nil, err
			}
			for _, it := range items {
				n.Items++
				if it.Done {
					n.Done++
				}
				after = it.Seq
			}
			if len(items) < syncPage {
				break
			}
		}
	}
	return st, nil
}

// SyncQuality is the answer of GET /v1/quality/sync: the data quality of
// every profile the sync store holds (quality.Checker.CheckStore), and
// its view as HTML for a page to show.
type SyncQuality struct {
	Report *quality.Report `json:"report"`
	View   string          `json:"view"`
}

func (a *Agent) syncQuality(w http.ResponseWriter, r *http.Request) {
	if a.cfg.Sync == nil {
		writeError(w, notConfigured("Dịch vụ chưa được cấu hình kho dữ liệu đồng bộ hồ sơ.", "the agent has no store of the HR sync"))
		return
	}
	a.syncMu.Lock()
	defer a.syncMu.Unlock()
	rep, err := a.page.Checker.CheckStore(r.Context(), a.cfg.Sync, a.cfg.Now())
	if err != nil {
		writeError(w, internalError(err))
		return
	}
	var view bytes.Buffer
	if err := quality.WriteView(&view, rep); err != nil {
		writeError(w, internalError(err))
		return
	}
	writeJSON(w, http.StatusOK, SyncQuality{Report: rep, View: view.String()})
}
