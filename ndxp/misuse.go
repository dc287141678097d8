package ndxp

import (
	"context"
	"errors"

	"github.com/cbccvc/cbccvc-go/internal/panics"
)

// ErrNil reports a nil argument where a value is needed (a nil context or
// record sequence): a mistake in the calling code, returned as an error
// rather than a panic. A Client or Uploader that is nil or zero is
// ErrOption: make them with NewClient and Client.Uploader.
var ErrNil = errors.New("ndxp: nil argument")

// ErrPanic reports a panic in a goroutine the package started (the
// uploader's workers), or in a function of the caller's that one called
// (UploaderConfig.Progress), recovered and returned by Upload after every
// goroutine has ended. The error is a *panics.Error naming the value and
// where it panicked; it also matches the panic's value when that is an
// error.
var ErrPanic = errors.New("ndxp: panic")

// ready returns the error of a call that cannot be made: a Client not made
// by NewClient, or a nil context.
func (c *Client) ready(ctx context.Context) error {
	if c == nil || c.http == nil {
		return &LocalError{Err: ErrOption,
			MessageEN: "a Client not made by NewClient",
			MessageVI: "Đối tượng kết nối (Client) chưa được khởi tạo. Đề nghị tạo bằng hàm NewClient."}
	}
	if ctx == nil {
		return &LocalError{Err: ErrNil,
			MessageEN: "a nil context.Context",
			MessageVI: "Thiếu ngữ cảnh của lời gọi (context). Đề nghị truyền context.Background() hoặc một ngữ cảnh có thời hạn."}
	}
	return nil
}

// recovered runs f with a panic as its error.
func recovered(f func() error) (err error) {
	defer panics.Recover(ErrPanic, &err)
	return f()
}
