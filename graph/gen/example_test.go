package gen_test

import (
	"fmt"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
)

func ExampleIsSpec() {
	fmt.Println(gen.IsSpec("kron:16"), gen.IsSpec("graphs/web.txt"), gen.IsSpec("data/kron:16.txt"))
	// Output: true false false
}

func ExampleParse() {
	g, err := gen.Parse("kron:16:16:1")
	if err != nil {
		panic(err)
	}
	// 2^16*16 arcs in parts of 2^18.
	fmt.Println(g.Spec(), g.Nodes(), g.Parts())

	_, err = gen.Parse("uniform:1000:many")
	fmt.Println(err)
	// Output:
	// kron:16 65536 4
	// uniform:N:M[:SEED]: M must be a whole number from 0 to 4294967296, got "many" (in spec "uniform:1000:many")
}

func ExampleGenerate() {
	// The study's 100-node graph: the same 494 arcs as its NumPy script.
	g, err := gen.Generate("seed:100", graph.BuildOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println(g.N, g.Arcs())
	// Output: 100 494
}
