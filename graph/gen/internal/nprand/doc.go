// Package nprand reproduces the random streams of NumPy's legacy
// np.random.RandomState bit for bit: the MT19937 generator seeded as
// np.random.seed(int) seeds it, random_sample, and randint with the default
// int64 dtype. It holds only what the seed:N generator needs to rebuild the
// study's graph, and follows NumPy's C sources (numpy/random/src/mt19937 and
// distributions.c) rather than any other MT19937 packaging, because the
// details that decide the stream (seeding, how two 32-bit draws make a
// double, how randint rejects) differ between libraries.
package nprand
