package benchrun

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
)

// Report is a results document as WriteJSON writes it: the machine the
// records were measured on and the records.
type Report struct {
	Machine Machine
	Records []Record
}

// ReadJSON parses what WriteJSON writes. name is the file's name, used in
// errors (a syntax error says the byte offset, a wrong type the field).
// Values written as null (not a number) come back as NaN.
func ReadJSON(r io.Reader, name string) (Report, error) {
	var doc jsonReport
	dec := json.NewDecoder(r)
	if err := dec.Decode(&doc); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return Report{}, fmt.Errorf("%s: byte %d: not prk bench JSON: %v", name, syn.Offset, err)
		case errors.As(err, &typ):
			return Report{}, fmt.Errorf("%s: byte %d: field %q: want %s, not %s", name, typ.Offset, typ.Field, typ.Type, typ.Value)
		case errors.Is(err, io.ErrUnexpectedEOF):
			return Report{}, fmt.Errorf("%s: truncated JSON (the file ends inside the document)", name)
		case errors.Is(err, io.EOF):
			return Report{}, fmt.Errorf("%s: empty file, want prk bench --output-format json results", name)
		}
		return Report{}, fmt.Errorf("%s: %w", name, err)
	}
	if doc.Results == nil {
		return Report{}, fmt.Errorf("%s: no \"results\" array: not prk bench --output-format json results", name)
	}
	rep := Report{Machine: doc.Machine, Records: make([]Record, len(doc.Results))}
	for i, j := range doc.Results {
		if j.Strategy == "" || j.GraphLabel == "" && j.Graph == "" {
			return Report{}, fmt.Errorf("%s: result %d: no strategy or graph", name, i+1)
		}
		samples := make([]float64, len(j.Samples))
		for k, s := range j.Samples {
			samples[k] = orNaN(s)
		}
		asked := j.WorkersAsked
		if asked == 0 { // written before workers_asked existed
			asked = j.Workers
		}
		label := j.GraphLabel
		if label == "" {
			label = j.Graph
		}
		rep.Records[i] = Record{
			Graph: j.Graph, GraphLabel: label, Strategy: j.Strategy, Kernel: j.Kernel,
			Engine: j.Engine, ReorderNS: j.ReorderNS,
			Workers: j.Workers, WorkersAsked: asked, Params: j.Params, Nodes: j.Nodes, Arcs: j.Arcs,
			Iterations: j.Iterations, Count: j.Count,
			SetupNS: j.SetupNS, SetupNSMin: j.SetupNSMin, SetupNSMax: j.SetupNSMax, SetupSamples: j.SetupSamples,
			NSPerIter: orNaN(j.NSPerIter), NSPerIterMin: orNaN(j.NSPerIterMin), NSPerIterMax: orNaN(j.NSPerIterMax),
			NSPerIterQ1: orNaN(j.NSPerIterQ1), NSPerIterQ3: orNaN(j.NSPerIterQ3), NSPerIterStddev: orNaN(j.NSPerIterStddev),
			ArcsPerSec: orNaN(j.ArcsPerSec), Speedup: orNaN(j.Speedup), Efficiency: orNaN(j.Efficiency),
			BytesMoved: j.BytesMoved, SetupBytesMoved: j.SetupBytesMoved, Samples: samples,
		}
	}
	return rep, nil
}

// ReadJSONFile reads a results file written by WriteJSON.
func ReadJSONFile(path string) (Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return Report{}, err
	}
	defer f.Close()
	return ReadJSON(f, path)
}

// orNaN is the inverse of finite: nil (JSON null) is NaN.
func orNaN(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}
