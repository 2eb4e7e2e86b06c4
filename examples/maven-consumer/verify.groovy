// Run by the nnspec build (maven-plugin's invoker integration tests): the example built and its test trained.
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
assert new File(basedir, 'target/generated-sources/nnspec/com/example/gates/Xor.java').isFile()
return true
