/*
 * The .nn language, version 2: a network of dense, convolution, pooling, flatten, batch normalisation and dropout
 * layers, its training plan and its data.
 * See docs/language.md. Only the structure is checked here; names of activations, init kinds, losses,
 * optimizers, rules and orders are plain identifiers, checked by nnspec.check.Checker so that a misspelling
 * gets a message listing what is allowed. Newlines are whitespace, except that the targets of an inline data
 * row end at the end of its line.
 */
grammar NN;

spec
    : networkBlock trainBlock dataBlock EOF
    ;

// ---- network ------------------------------------------------------------------------------------------

networkBlock
    : NETWORK name=ident '{' inputDecl networkItem* '}'
    ;

// `input 64` (a vector) or `input 1x8x8` (channels x height x width)
inputDecl
    : INPUT (size=NUMBER | size=SHAPE)
    ;

networkItem
    : denseDecl                                  # denseItem
    | dropoutDecl                                # dropoutItem
    | convDecl                                   # convItem
    | poolDecl                                   # poolItem
    | FLATTEN                                    # flattenItem
    | batchnormDecl                              # batchnormItem
    | word=IDENT looseArg*                       # unknownNetworkItem
    ;

denseDecl
    : DENSE units=NUMBER activation=IDENT params layerOption*
    ;

// `conv FILTERS KHxKW [stride S|SHxSW] [padding ...] [dilation D|DHxDW] ACTIVATION [params] [init ...] [name N]`
convDecl
    : CONV filters=NUMBER kernel=(SHAPE | NUMBER) windowOption* activation=IDENT params layerOption*
    ;

// `maxpool KHxKW [stride S|SHxSW] [padding ...] [ceil yes|no]`, `avgpool ... [count_padding yes|no]`
poolDecl
    : kind=(MAXPOOL | AVGPOOL) window=(SHAPE | NUMBER) windowOption* (NAME layerName=ident)?
    ;

// padding: `valid`, `same`, one number for every side, or top,bottom,left,right; stride and dilation: one
// number for both axes or a pair ROWSxCOLUMNS
windowOption
    : STRIDE value=(NUMBER | SHAPE)                           # strideOption
    | PADDING (word=IDENT | sides+=NUMBER (',' sides+=NUMBER)*) # paddingOption
    | DILATION value=(NUMBER | SHAPE)                         # dilationOption
    | CEIL choice=IDENT                                       # ceilOption
    | COUNT_PADDING choice=IDENT                              # countPaddingOption
    ;

// Dropout on the outputs of the layer before it: `dropout 0.1` (the drop probability), or `dropout keep 0.9`.
dropoutDecl
    : DROPOUT rate=NUMBER? params
    ;

// `batchnorm [epsilon E] [momentum M] [convention pytorch|keras] [placement before|after] [name N]`, on its line
batchnormDecl
    : BATCHNORM ({_input.LT(1).getLine() == _input.LT(-1).getLine()}? batchnormParam)*
    ;

batchnormParam
    : key=(IDENT | CONVENTION | NAME) value=paramValue
    ;

layerOption
    : INIT kind=IDENT path=STRING? args+=NUMBER* (SEED seed=NUMBER)? params # initOption
    | WEIGHTS matrix                                          # weightsOption
    | BIAS vector                                             # biasOption
    | NAME layerName=ident                                    # nameOption
    ;

matrix
    : '[' vector (',' vector)* ','? ']'
    ;

vector
    : '[' (NUMBER (',' NUMBER)* ','?)? ']'
    ;

// ---- train --------------------------------------------------------------------------------------------

trainBlock
    : TRAIN '{' trainSetting* '}'
    ;

trainSetting
    : LOSS kind=IDENT params                                  # lossSetting
    | OPTIMIZER kind=IDENT params                             # optimizerSetting
    | RULE kind=IDENT params                                  # ruleSetting
    | SCHEDULE kind=IDENT params                              # scheduleSetting
    | REGULARIZE kind=IDENT params                            # regularizeSetting
    | CONVENTION kind=IDENT                                   # conventionSetting
    | EPOCHS count=NUMBER                                     # epochsSetting
    | BATCH size=NUMBER                                       # batchSetting
    | ORDER kind=IDENT (SEED seed=NUMBER)?                    # orderSetting
    | TRACE DIGITS digits=NUMBER                              # traceSetting
    | EARLY_STOP params                                       # earlyStopSetting
    | word=IDENT looseArg*                                    # unknownTrainSetting
    ;

// Named parameters `key value` of an activation, init, loss, optimizer, schedule or regularizer. They stay on
// the line of what they qualify, so a misspelt setting on the next line is reported as such.
params
    : ({_input.LT(1).getLine() == _input.LT(-1).getLine()}? param)*
    ;

param
    : key=paramKey value=paramValue
    ;

paramKey
    : IDENT | LR | SEED | BASE
    ;

// A word value may be a keyword: `early_stop monitor loss`.
paramValue
    : NUMBER
    | ident
    ;

// ---- data ---------------------------------------------------------------------------------------------

dataBlock
    : DATA '{' row* '}' dataOption*                                                   # inlineData
    | DATA CSV path=STRING TARGET columns+=columnName (',' columns+=columnName)* dataOption* # csvData
    ;

// How the data is read, split, scaled and encoded: `split test 0.2 seed 1`, `scale standardize`, `classes a b c`,
// `inputs x1 x2`, `categorical color`. The option's name is a plain identifier checked by the checker; its
// arguments stay on its line.
dataOption
    : key=IDENT ({_input.LT(1).getLine() == _input.LT(-1).getLine()}? args+=optionArg)*
    ;

optionArg
    : ident
    | NUMBER
    | STRING
    ;

// A row's targets stop at the end of the line of its arrow, so rows need no separator.
row
    : x+=NUMBER+ ARROW y+=NUMBER ({_input.LT(1).getLine() == _input.LT(-1).getLine()}? y+=NUMBER)*
    ;

columnName
    : ident
    | STRING
    ;

// ---- shared -------------------------------------------------------------------------------------------

// Names may be keywords: a layer may be called `input`, a column `target`.
ident
    : IDENT
    | NETWORK | INPUT | DENSE | DROPOUT | INIT | SEED | WEIGHTS | BIAS | NAME
    | CONV | MAXPOOL | AVGPOOL | FLATTEN | BATCHNORM | STRIDE | PADDING | DILATION | CEIL | COUNT_PADDING
    | TRAIN | LOSS | BASE | OPTIMIZER | RULE | LR | EPOCHS | BATCH | ORDER | TRACE | DIGITS
    | SCHEDULE | REGULARIZE | CONVENTION | EARLY_STOP
    | DATA | CSV | TARGET
    ;

// What may follow an unknown word: anything that cannot start the next item of a block.
looseArg
    : NUMBER | STRING | IDENT
    | SEED | BASE | LR | DIGITS | NETWORK | TRAIN | DATA | CSV | TARGET
    ;

// ---- lexer --------------------------------------------------------------------------------------------

NETWORK   : 'network' ;
INPUT     : 'input' ;
DENSE     : 'dense' ;
DROPOUT   : 'dropout' ;
CONV      : 'conv' ;
MAXPOOL   : 'maxpool' ;
AVGPOOL   : 'avgpool' ;
FLATTEN   : 'flatten' ;
BATCHNORM : 'batchnorm' ;
STRIDE    : 'stride' ;
PADDING   : 'padding' ;
DILATION  : 'dilation' ;
CEIL      : 'ceil' ;
COUNT_PADDING : 'count_padding' ;
INIT      : 'init' ;
SEED      : 'seed' ;
WEIGHTS   : 'weights' ;
BIAS      : 'bias' ;
NAME      : 'name' ;
TRAIN     : 'train' ;
LOSS      : 'loss' ;
BASE      : 'base' ;
OPTIMIZER : 'optimizer' ;
RULE      : 'rule' ;
LR        : 'lr' ;
EPOCHS    : 'epochs' ;
BATCH     : 'batch' ;
ORDER     : 'order' ;
TRACE     : 'trace' ;
DIGITS    : 'digits' ;
SCHEDULE  : 'schedule' ;
REGULARIZE : 'regularize' ;
CONVENTION : 'convention' ;
EARLY_STOP : 'early_stop' ;
DATA      : 'data' ;
CSV       : 'csv' ;
TARGET    : 'target' ;

ARROW     : '->' ;
LBRACE    : '{' ;
RBRACE    : '}' ;
LBRACK    : '[' ;
RBRACK    : ']' ;
COMMA     : ',' ;

// An image or window shape, `1x8x8` or `3x3`: before NUMBER, and longer, so `3x3` is one token.
SHAPE
    : DIGIT+ ('x' DIGIT+)+
    ;

// A Java decimal literal (without type suffix or underscores) with an optional sign.
NUMBER
    : [+-]? ( DIGIT+ ('.' DIGIT*)? | '.' DIGIT+ ) EXPONENT?
    ;

IDENT
    : [a-zA-Z_] [a-zA-Z0-9_]*
    ;

STRING
    : '"' ~["\r\n]* '"'
    ;

LINE_COMMENT  : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
WS            : [ \t\r\n\f\uFEFF]+ -> skip ;

fragment DIGIT    : [0-9] ;
fragment EXPONENT : [eE] [+-]? DIGIT+ ;
