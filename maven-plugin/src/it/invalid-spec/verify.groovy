// Run 1 failed on a.nn, the first invalid spec in path order, with each of its errors as file:line:col: message,
// and wrote nothing.
def log = new File(basedir, 'build.log').text
def a = 'src' + File.separator + 'main' + File.separator + 'nn' + File.separator + 'demo' + File.separator + 'a.nn'
assert log.contains("[ERROR] ${basedir.canonicalPath}${File.separator}${a}:3:11: unknown activation 'tanhh'; expected one of ") ||
        log.contains("[ERROR] ${basedir.absolutePath}${File.separator}${a}:3:11: unknown activation 'tanhh'; expected one of ")
assert log.contains("${a}:8:20: learning rate must be a positive finite number; found -0.5")
assert log.contains("${a} is not a valid spec: 2 errors, listed above")
assert !log.contains('b.nn:') : 'the build goes no further than the first invalid spec'
assert !new File(basedir, 'target/generated-sources/nnspec/demo').exists()
assert !new File(basedir, 'target/nnspec/generate.state').exists()

// Run 2: nnspec:help lists both goals and documents their parameters.
assert log.contains('nnspec:generate')
assert log.contains('nnspec:generate-test')
assert log.contains('packageName')
assert log.contains('The Java package of every generated class.')
assert log.contains('testSourceDirectory')
return true
