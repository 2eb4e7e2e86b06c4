// After the three runs of invoker.properties: run 1 generated and trained, run 2 regenerated nothing, run 3 deleted
// the class of the removed spec.
def gen = new File(basedir, 'target/generated-sources/nnspec')
def xorJava = new File(gen, 'demo/Xor.java')
def andJava = new File(gen, 'demo/gates/And.java')
def orJava = new File(basedir, 'target/generated-test-sources/nnspec/demo/checks/Or.java')
def stamp = new File(basedir, 'target/stamp/run2.txt')
def log = new File(basedir, 'build.log').text

// run 1
assert log.contains('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0')
assert log =~ /nnspec: generated demo\.Xor from demo\/xor\.nn/
assert log =~ /nnspec: generated demo\.gates\.And from demo\/gates\/and\.nn/
assert log =~ /nnspec: generated demo\.checks\.Or from demo\/checks\/or\.nn/
assert new File(basedir, 'target/classes/demo/Xor.class').isFile()

// run 2: the stamp was written before run 2 generated; every source is older, so none was rewritten
assert stamp.isFile()
assert xorJava.lastModified() < stamp.lastModified() : 'run 2 rewrote Xor.java'
assert orJava.lastModified() < stamp.lastModified() : 'run 2 rewrote Or.java'
assert log.contains('nnspec: 2 specs in ') && log.contains(': 0 generated, 2 up to date, 0 removed')
assert log.contains(': 0 generated, 1 up to date, 0 removed')

// run 3: and.nn deleted, its class and its now empty package folder gone, Xor.java untouched
assert !new File(basedir, 'src/main/nn/demo/gates/and.nn').exists()
assert !andJava.exists() : 'And.java outlived its spec'
assert !new File(gen, 'demo/gates').exists()
assert xorJava.isFile() && xorJava.lastModified() < stamp.lastModified()
assert log.contains('nnspec: deleted demo/gates/And.java')
assert log.contains(': 0 generated, 1 up to date, 1 removed')
def state = new File(basedir, 'target/nnspec/generate.state').text
assert state.contains('demo/xor.nn\tdemo/Xor.java\t') && !state.contains('and.nn')
return true
