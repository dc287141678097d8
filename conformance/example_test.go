package conformance_test

import (
	"context"
	"fmt"

	"github.com/cbccvc/cbccvc-go/conformance"
)

// Running the kit against the SDK itself; an external implementation plugs
// in as a Command engine in place of an SDK one.
func Example() {
	kit, err := conformance.Embedded()
	if err != nil {
		panic(err)
	}
	r, err := conformance.SDK(kit)
	if err != nil {
		panic(err)
	}
	results := r.Run(context.Background(), kit, func(v conformance.Vector) bool { return v.Kind == conformance.KindValidate })
	failed := 0
	for _, res := range results {
		if res.Status != conformance.Pass {
			failed++
			fmt.Println(res.Vector.ID, res.Detail)
		}
	}
	fmt.Println("validate vectors failed:", failed)
	// Output:
	// validate vectors failed: 0
}
